import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Each object is stored whole as jsonb (so fields we do not model survive a
 * round trip) beside the columns we query. resourceVersion comes from one sequence for all
 * kinds, as Kubernetes' etcd revision does, so a watch can resume from any version.
 */
export class InitialSchema1764547200000 implements MigrationInterface {
  name = 'InitialSchema1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE resource_version_seq`);
    await q.query(`CREATE TABLE namespaces (
      name text PRIMARY KEY,
      uid uuid NOT NULL DEFAULT gen_random_uuid(),
      resource_version bigint NOT NULL DEFAULT nextval('resource_version_seq'),
      created timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE objects (
      uid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      namespace text NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
      name text NOT NULL,
      resource_version bigint NOT NULL DEFAULT nextval('resource_version_seq'),
      labels jsonb NOT NULL DEFAULT '{}',
      object jsonb NOT NULL,
      created timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_objects_kind_ns_name UNIQUE (kind, namespace, name)
    )`);
    await q.query(
      `CREATE INDEX ix_objects_kind_ns_rv ON objects (kind, namespace, resource_version)`,
    );
    await q.query(`CREATE INDEX ix_objects_labels ON objects USING gin (labels)`);
    await q.query(`CREATE TABLE builds (
      uid uuid PRIMARY KEY,
      namespace text NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
      name text NOT NULL,
      buildconfig text,
      number integer,
      phase text NOT NULL,
      resource_version bigint NOT NULL DEFAULT nextval('resource_version_seq'),
      labels jsonb NOT NULL DEFAULT '{}',
      object jsonb NOT NULL,
      created timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_builds_ns_name UNIQUE (namespace, name)
    )`);
    await q.query(`CREATE INDEX ix_builds_ns_bc_number ON builds (namespace, buildconfig, number)`);
    await q.query(`CREATE INDEX ix_builds_phase ON builds (phase)`);
    await q.query(`CREATE INDEX ix_builds_ns_rv ON builds (namespace, resource_version)`);
    // Transactional outbox: a state change and the event announcing it commit together; a relay
    // publishes rows in order with their msg id, so a crash can neither lose nor duplicate one.
    await q.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      subject text NOT NULL,
      msg_id text NOT NULL UNIQUE,
      payload jsonb NOT NULL,
      created timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
    await q.query(`CREATE INDEX ix_outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    // Watch history: every change of any object, so a watch resumes from a resourceVersion.
    await q.query(`CREATE TABLE changes (
      resource_version bigint PRIMARY KEY,
      kind text NOT NULL,
      namespace text NOT NULL,
      type text NOT NULL,
      object jsonb NOT NULL,
      created timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_changes_kind_ns ON changes (kind, namespace, resource_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE changes, outbox, builds, objects, namespaces`);
    await q.query(`DROP SEQUENCE resource_version_seq`);
  }
}
