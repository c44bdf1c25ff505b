import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret data leaves the `objects` row: it lives here sealed (AES-256-GCM), one row per Secret,
 * gone with it. `key_id` names the key that sealed it, so rotation can find rows still sealed
 * with an old key. Namespaces keep their labels and annotations.
 */
export class SealedSecretsAndNamespaceMetadata1764633600000 implements MigrationInterface {
  name = 'SealedSecretsAndNamespaceMetadata1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE secret_data (
      object_uid uuid PRIMARY KEY REFERENCES objects(uid) ON DELETE CASCADE,
      key_id text NOT NULL,
      iv bytea NOT NULL,
      auth_tag bytea NOT NULL,
      ciphertext bytea NOT NULL,
      updated timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_secret_data_key_id ON secret_data (key_id)`);
    await q.query(`ALTER TABLE namespaces
      ADD COLUMN labels jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN object jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE namespaces DROP COLUMN object, DROP COLUMN labels`);
    await q.query(`DROP TABLE secret_data`);
  }
}
