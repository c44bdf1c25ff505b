import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watch history and what a build was given.
 *
 * Every write to `objects` and `builds` records a change row from a trigger, so a change made by
 * any replica (or by SQL) is seen by every watcher. The trigger is deferred to commit and takes
 * one advisory lock there, so `position` follows commit order: a watcher that has read position
 * P has seen every earlier commit. (resourceVersions come from statements, so two transactions
 * can commit out of resourceVersion order; positions cannot.) The lock is held only for the
 * moment of commit and no row lock is taken after it, so it cannot deadlock.
 *
 * `change_horizon` remembers what pruning removed, so a watch from an older version is refused
 * with 410 instead of silently missing events.
 *
 * The lock key (4715001) and the NOTIFY channel (`kiln_changes`) are fixed here: ChangeFeed
 * listens on the same channel.
 *
 * Builds keep the Dockerfile they were built from and the binary upload they were given, outside
 * the Build JSON.
 */
export class WatchHistoryAndBuildInputs1764806400000 implements MigrationInterface {
  name = 'WatchHistoryAndBuildInputs1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE builds ADD COLUMN dockerfile text, ADD COLUMN binary_upload jsonb`);
    await q.query(`CREATE SEQUENCE change_position_seq`);
    await q.query(`ALTER TABLE changes
      ADD COLUMN position bigint NOT NULL DEFAULT nextval('change_position_seq'),
      ADD COLUMN name text NOT NULL DEFAULT '',
      ADD COLUMN old_object jsonb`);
    await q.query(`DROP INDEX ix_changes_kind_ns`);
    await q.query(`CREATE UNIQUE INDEX uq_changes_position ON changes (position)`);
    await q.query(
      `CREATE INDEX ix_changes_kind_ns_position ON changes (kind, namespace, position)`,
    );
    await q.query(`CREATE TABLE change_horizon (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      position bigint NOT NULL,
      resource_version bigint NOT NULL
    )`);
    await q.query(`INSERT INTO change_horizon (position, resource_version) VALUES (0, 0)`);
    await q.query(`CREATE FUNCTION kiln_hydrated(object jsonb, uid uuid, rv bigint, created timestamptz)
      RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_set(object, '{metadata}', COALESCE(object->'metadata', '{}'::jsonb) || jsonb_build_object(
          'uid', uid::text,
          'resourceVersion', rv::text,
          'creationTimestamp', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      $$`);
    await q.query(`CREATE FUNCTION kiln_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        v_kind text;
        v_rv bigint;
        v_type text;
        v_object jsonb;
        v_old jsonb;
      BEGIN
        -- A column outside the object changed (a build's Dockerfile): no new version, no event.
        IF TG_OP = 'UPDATE' AND NEW.resource_version = OLD.resource_version THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
        IF TG_TABLE_NAME = 'builds' THEN v_kind := 'Build'; ELSE v_kind := r.kind; END IF;
        PERFORM pg_advisory_xact_lock(4715001);
        IF TG_OP = 'DELETE' THEN
          -- As in Kubernetes, a deletion is a change of its own with a new resourceVersion.
          v_rv := nextval('resource_version_seq');
          v_type := 'DELETED';
          v_object := kiln_hydrated(OLD.object, OLD.uid, v_rv, OLD.created);
        ELSE
          v_rv := NEW.resource_version;
          v_type := CASE TG_OP WHEN 'INSERT' THEN 'ADDED' ELSE 'MODIFIED' END;
          v_object := kiln_hydrated(NEW.object, NEW.uid, v_rv, NEW.created);
          IF TG_OP = 'UPDATE' THEN
            v_old := kiln_hydrated(OLD.object, OLD.uid, OLD.resource_version, OLD.created);
          END IF;
        END IF;
        INSERT INTO changes (resource_version, position, kind, namespace, name, type, object, old_object, created)
        VALUES (v_rv, nextval('change_position_seq'), v_kind, r.namespace, r.name, v_type, v_object, v_old, clock_timestamp());
        PERFORM pg_notify('kiln_changes', '');
        RETURN NULL;
      END
    $$`);
    for (const table of ['objects', 'builds']) {
      await q.query(`CREATE CONSTRAINT TRIGGER tr_${table}_changes
        AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION kiln_record_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_builds_changes ON builds`);
    await q.query(`DROP TRIGGER tr_objects_changes ON objects`);
    await q.query(`DROP FUNCTION kiln_record_change()`);
    await q.query(`DROP FUNCTION kiln_hydrated(jsonb, uuid, bigint, timestamptz)`);
    await q.query(`DROP TABLE change_horizon`);
    await q.query(`DROP INDEX ix_changes_kind_ns_position`);
    await q.query(`DROP INDEX uq_changes_position`);
    await q.query(
      `ALTER TABLE changes DROP COLUMN old_object, DROP COLUMN name, DROP COLUMN position`,
    );
    await q.query(`DROP SEQUENCE change_position_seq`);
    await q.query(`CREATE INDEX ix_changes_kind_ns ON changes (kind, namespace, resource_version)`);
    await q.query(`ALTER TABLE builds DROP COLUMN binary_upload, DROP COLUMN dockerfile`);
  }
}
