import { Inject, Injectable } from '@nestjs/common';
import type { BuildConfig } from '@kiln/build-types';
import { DataSource, type EntityManager } from 'typeorm';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import type { ImageStream } from './image-stream.schema.js';

export const STREAM_KIND = 'ImageStream';

type Row = { object: StoredObject; resource_version: string; uid: string; created: Date };

const hydrate = (row: Row): StoredObject => ({
  ...row.object,
  metadata: {
    ...row.object.metadata,
    uid: row.uid,
    resourceVersion: String(row.resource_version),
    creationTimestamp: row.created.toISOString(),
  },
});

/** A build waiting, New, for one of its image references to resolve. */
export type WaitingBuild = { uid: string; namespace: string; buildConfig: string | null };

/** A stream claimed for reconciliation. */
export type DueStream = { uid: string; namespace: string; name: string; importedAt: Date | null };

/**
 * ImageStreams in the shared `objects` table, and the jsonb searches the image-change fan-out
 * makes over streams, BuildConfigs and builds (each backed by an index of the migration).
 */
@Injectable()
export class ImageStreamRepository {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly objects: ObjectRepository,
  ) {}

  async get(
    namespace: string,
    name: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<ImageStream | undefined> {
    return await this.objects.get(STREAM_KIND, namespace, name, manager, lock);
  }

  async create(
    manager: EntityManager,
    namespace: string,
    stream: ImageStream,
  ): Promise<ImageStream> {
    return await this.objects.create(manager, STREAM_KIND, namespace, stream as StoredObject);
  }

  async update(
    manager: EntityManager,
    stream: ImageStream,
    expectedVersion?: string,
  ): Promise<ImageStream> {
    return await this.objects.update(
      manager,
      STREAM_KIND,
      stream.metadata.namespace ?? '',
      stream as StoredObject,
      expectedVersion,
    );
  }

  /** Streams with a spec tag matching `tag` (jsonb containment, e.g. `{from: {kind: …}}`). */
  async withSpecTag(tag: Record<string, unknown>): Promise<ImageStream[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT object, resource_version, uid, created FROM objects
       WHERE kind = 'ImageStream' AND object->'spec'->'tags' @> $1::jsonb ORDER BY namespace, name`,
      [JSON.stringify([tag])],
    );
    return rows.map((r) => hydrate(r) as ImageStream);
  }

  /** Every BuildConfig with an ImageChange trigger, in any namespace. */
  async buildConfigsWithImageTriggers(): Promise<BuildConfig[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT object, resource_version, uid, created FROM objects
       WHERE kind = 'BuildConfig' AND object->'spec'->'triggers' @> '[{"type": "ImageChange"}]'
       ORDER BY namespace, name`,
    );
    return rows.map((r) => hydrate(r) as BuildConfig);
  }

  /** Builds New with InvalidImageReference or InvalidOutputReference, oldest first. */
  async waitingBuilds(): Promise<WaitingBuild[]> {
    const rows = await this.db.query<
      { uid: string; namespace: string; buildconfig: string | null }[]
    >(
      `SELECT uid, namespace, buildconfig FROM builds
       WHERE phase = 'New' AND object->'status'->>'reason' IN ('InvalidImageReference', 'InvalidOutputReference')
       ORDER BY created`,
    );
    return rows.map((r) => ({ uid: r.uid, namespace: r.namespace, buildConfig: r.buildconfig }));
  }

  /** Names of the farm-registry repositories (`ns/name`) that already have a stream. */
  async allStreamNames(): Promise<Set<string>> {
    const rows = await this.db.query<{ namespace: string; name: string }[]>(
      `SELECT namespace, name FROM objects WHERE kind = 'ImageStream'`,
    );
    return new Set(rows.map((r) => `${r.namespace}/${r.name}`));
  }

  /**
   * Claims up to `limit` streams not reconciled for `intervalSeconds`, marking them reconciled
   * now. SKIP LOCKED keeps replicas on disjoint streams; the mark keeps them off the same ones
   * until the interval passes again.
   */
  async claimDue(intervalSeconds: number, limit: number): Promise<DueStream[]> {
    return this.db.transaction(async (manager) => {
      const due = await manager.query<
        { uid: string; namespace: string; name: string; imported_at: Date | null }[]
      >(
        `SELECT o.uid, o.namespace, o.name, s.imported_at FROM objects o
         LEFT JOIN image_stream_sync s ON s.uid = o.uid
         WHERE o.kind = 'ImageStream'
           AND (s.reconciled_at IS NULL OR s.reconciled_at < now() - make_interval(secs => $1))
         ORDER BY s.reconciled_at NULLS FIRST LIMIT $2
         FOR UPDATE OF o SKIP LOCKED`,
        [intervalSeconds, limit],
      );
      for (const row of due) {
        await manager.query(
          `INSERT INTO image_stream_sync (uid, reconciled_at) VALUES ($1, now())
           ON CONFLICT (uid) DO UPDATE SET reconciled_at = now()`,
          [row.uid],
        );
      }
      return due.map((r) => ({
        uid: r.uid,
        namespace: r.namespace,
        name: r.name,
        importedAt: r.imported_at,
      }));
    });
  }

  /** Records that the stream's scheduled imports ran now. */
  async markImported(uid: string): Promise<void> {
    await this.db.query(
      `INSERT INTO image_stream_sync (uid, imported_at) VALUES ($1, now())
       ON CONFLICT (uid) DO UPDATE SET imported_at = now()`,
      [uid],
    );
  }
}
