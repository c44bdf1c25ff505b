import { Inject, Injectable } from '@nestjs/common';
import type { Build } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { DataSource, type EntityManager } from 'typeorm';

/** OpenShift's deadline when a build sets no completionDeadlineSeconds: one week. */
export const DEFAULT_DEADLINE_SECONDS = 604_800;

/** A build the watchdog has to look at, claimed for this sweep. */
export type DueBuild = {
  uid: string;
  namespace: string;
  name: string;
  /** Past its completion deadline. */
  overdue: boolean;
  lastProgressAt: Date;
  stage: string | null;
  worker: string | null;
  /** The message holding the build's current job, when known. */
  jobSubject: string | null;
  jobSeq: number | null;
};

type DueRow = {
  uid: string;
  namespace: string;
  name: string;
  overdue: boolean;
  last_progress_at: Date;
  stage: string | null;
  worker: string | null;
  job_subject: string | null;
  job_seq: string | null;
};

/**
 * The controller's clocks, one row per build that left New: its deadline, its last sign of
 * progress, and where its current job sits in JetStream. In the database, so a restart or
 * another replica picks up where this one left off.
 */
@Injectable()
export class BuildProgressRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The build was handed to the workers (New → Pending): its deadline starts counting. */
  async started(manager: EntityManager, build: Build): Promise<void> {
    const seconds = build.spec.completionDeadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
    await manager.query(
      `INSERT INTO build_progress (uid, deadline_at, last_progress_at, job_subject)
       VALUES ($1, now() + make_interval(secs => $2), now(), $3)
       ON CONFLICT (uid) DO UPDATE SET deadline_at = EXCLUDED.deadline_at,
         last_progress_at = now(), job_subject = EXCLUDED.job_subject, job_seq = NULL`,
      [build.metadata.uid, seconds, Subjects.BuildRequested],
    );
  }

  /**
   * A stage event arrived. A job event (the next stage's input) moves the current job forward;
   * a redelivered older one cannot move it back, as stream sequences only grow.
   */
  async touch(uid: string, job?: { subject: string; seq: number }): Promise<void> {
    await this.db.query(
      `UPDATE build_progress SET last_progress_at = now(),
         job_subject = CASE WHEN $2::text IS NOT NULL AND $3::bigint > COALESCE(job_seq, 0) THEN $2 ELSE job_subject END,
         job_seq = CASE WHEN $2::text IS NOT NULL AND $3::bigint > COALESCE(job_seq, 0) THEN $3 ELSE job_seq END
       WHERE uid = $1`,
      [uid, job?.subject ?? null, job?.seq ?? null],
    );
  }

  async heartbeat(uid: string, stage: string, worker: string): Promise<void> {
    await this.db.query(
      `UPDATE build_progress SET last_progress_at = now(), last_heartbeat_at = now(), stage = $2, worker = $3
       WHERE uid = $1`,
      [uid, stage, worker],
    );
  }

  /**
   * Claims Pending/Running builds past their deadline or silent for `stallSeconds`, each at most
   * once per `recheckSeconds` across all replicas (SKIP LOCKED, then `checked_at`).
   */
  async claimDue(stallSeconds: number, recheckSeconds: number, limit = 50): Promise<DueBuild[]> {
    const [rows] = await this.db.query<[DueRow[], number]>(
      `UPDATE build_progress p SET checked_at = now()
       FROM builds b
       WHERE b.uid = p.uid AND p.uid IN (
         SELECT d.uid FROM build_progress d JOIN builds db ON db.uid = d.uid
         WHERE db.phase IN ('Pending', 'Running')
           AND (d.deadline_at <= now() OR d.last_progress_at <= now() - make_interval(secs => $1))
           AND (d.checked_at IS NULL OR d.checked_at <= now() - make_interval(secs => $2))
         ORDER BY d.deadline_at NULLS LAST LIMIT $3
         FOR UPDATE OF d SKIP LOCKED)
       RETURNING p.uid, b.namespace, b.name, COALESCE(p.deadline_at <= now(), false) AS overdue,
         p.last_progress_at, p.stage, p.worker, p.job_subject,
         COALESCE(p.job_seq, (SELECT o.stream_seq FROM outbox o
           WHERE p.job_subject = $4 AND o.msg_id = p.uid::text || ':requested')) AS job_seq`,
      [stallSeconds, recheckSeconds, limit, Subjects.BuildRequested],
    );
    return rows.map((r) => ({
      uid: r.uid,
      namespace: r.namespace,
      name: r.name,
      overdue: r.overdue,
      lastProgressAt: r.last_progress_at,
      stage: r.stage,
      worker: r.worker,
      jobSubject: r.job_subject,
      jobSeq: r.job_seq === null ? null : Number(r.job_seq),
    }));
  }

  /**
   * Builds the watchdog ended whose workers have not been told to stop yet, locked for the
   * caller's transaction. Derived from the build's reason, so a crash between ending a build and
   * telling its workers is made good on the next sweep.
   */
  async owedCancels(
    manager: EntityManager,
    reasons: readonly string[],
  ): Promise<{ uid: string; namespace: string; name: string }[]> {
    return manager.query(
      `SELECT p.uid, b.namespace, b.name FROM build_progress p JOIN builds b ON b.uid = p.uid
       WHERE p.cancel_sent_at IS NULL AND b.phase IN ('Failed', 'Error')
         AND b.object->'status'->>'reason' = ANY($1)
       LIMIT 100 FOR UPDATE OF p SKIP LOCKED`,
      [reasons],
    );
  }

  async cancelSent(manager: EntityManager, uid: string): Promise<void> {
    await manager.query(`UPDATE build_progress SET cancel_sent_at = now() WHERE uid = $1`, [uid]);
  }
}
