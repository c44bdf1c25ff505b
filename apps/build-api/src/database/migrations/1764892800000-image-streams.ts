import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ImageStreams live in `objects` like BuildConfigs. What they add:
 *
 * - `image_stream_sync`: per stream, when a replica last compared it with the farm registry and
 *   last ran its scheduled imports. Kept outside the object so that a sweep that finds nothing
 *   writes no new resourceVersion (and no watch event). Rows are claimed with SKIP LOCKED.
 * - GIN indexes on the two jsonb paths the image-change fan-out searches: the triggers of
 *   BuildConfigs (who watches this tag?) and the spec tags of ImageStreams (who tracks it, who
 *   imports from this pull spec?).
 * - A partial index over the builds that wait, New, for an image reference to resolve.
 */
export class ImageStreams1764892800000 implements MigrationInterface {
  name = 'ImageStreams1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE image_stream_sync (
      uid uuid PRIMARY KEY REFERENCES objects(uid) ON DELETE CASCADE,
      reconciled_at timestamptz,
      imported_at timestamptz
    )`);
    await q.query(`CREATE INDEX ix_objects_buildconfig_triggers ON objects
      USING gin ((object->'spec'->'triggers') jsonb_path_ops) WHERE kind = 'BuildConfig'`);
    await q.query(`CREATE INDEX ix_objects_imagestream_tags ON objects
      USING gin ((object->'spec'->'tags') jsonb_path_ops) WHERE kind = 'ImageStream'`);
    await q.query(`CREATE INDEX ix_builds_waiting_for_images ON builds (namespace)
      WHERE phase = 'New' AND object->'status'->>'reason' IN ('InvalidImageReference', 'InvalidOutputReference')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_builds_waiting_for_images`);
    await q.query(`DROP INDEX ix_objects_imagestream_tags`);
    await q.query(`DROP INDEX ix_objects_buildconfig_triggers`);
    await q.query(`DROP TABLE image_stream_sync`);
  }
}
