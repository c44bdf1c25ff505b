import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the build controller's timers need, in the database so that they survive a restart and
 * every replica sees them: per running build its deadline, when it last showed progress (stage
 * event or heartbeat), and which JetStream message holds its current job; per outbox row the
 * stream sequence it was stored at.
 */
export class BuildProgress1764720000000 implements MigrationInterface {
  name = 'BuildProgress1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN stream_seq bigint`);
    await q.query(`CREATE TABLE build_progress (
      uid uuid PRIMARY KEY REFERENCES builds(uid) ON DELETE CASCADE,
      deadline_at timestamptz,
      last_progress_at timestamptz NOT NULL DEFAULT now(),
      last_heartbeat_at timestamptz,
      stage text,
      worker text,
      job_subject text,
      job_seq bigint,
      checked_at timestamptz,
      cancel_sent_at timestamptz
    )`);
    await q.query(`CREATE INDEX ix_build_progress_deadline ON build_progress (deadline_at)`);
    await q.query(`CREATE INDEX ix_build_progress_last ON build_progress (last_progress_at)`);
    // Builds already under way get their clocks started now; their job's sequence is unknown, so
    // the watchdog treats them as still queued and only the deadline can end them.
    await q.query(`INSERT INTO build_progress (uid, deadline_at, job_subject)
      SELECT uid, now() + make_interval(secs => COALESCE((object->'spec'->>'completionDeadlineSeconds')::float8, 604800)),
             'kiln.v1.build.requested'
      FROM builds WHERE phase IN ('Pending', 'Running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE build_progress`);
    await q.query(`ALTER TABLE outbox DROP COLUMN stream_seq`);
  }
}
