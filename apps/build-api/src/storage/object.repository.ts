import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';

/** What every stored object has; the rest of it is kept as it came. */
export type StoredObject = {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

type Row = { object: StoredObject; resource_version: string; uid: string; created: Date };

/**
 * BuildConfigs, Secrets and ConfigMaps: one table, the whole object as jsonb, resourceVersion
 * from the shared sequence. Updates are compare-and-swap on resourceVersion (409 when stale).
 */
@Injectable()
export class ObjectRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  private hydrate(row: Row): StoredObject {
    return {
      ...row.object,
      metadata: {
        ...row.object.metadata,
        uid: row.uid,
        resourceVersion: String(row.resource_version),
        creationTimestamp: row.created.toISOString(),
      },
    };
  }

  async get(
    kind: string,
    namespace: string,
    name: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<StoredObject | undefined> {
    const rows = await manager.query<Row[]>(
      `SELECT object, resource_version, uid, created FROM objects WHERE kind = $1 AND namespace = $2 AND name = $3${lock ? ' FOR UPDATE' : ''}`,
      [kind, namespace, name],
    );
    return rows[0] ? this.hydrate(rows[0]) : undefined;
  }

  async mustGet(
    kind: string,
    namespace: string,
    name: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<StoredObject> {
    const found = await this.get(kind, namespace, name, manager, lock);
    if (!found) {
      throw ApiError.notFound(kind, name, kind === 'BuildConfig' ? 'build.openshift.io' : '');
    }
    return found;
  }

  async list(
    kind: string,
    namespace: string,
    options: { labels?: Record<string, string>; limit?: number; after?: string } = {},
  ): Promise<{ items: StoredObject[]; resourceVersion: string; continue?: string }> {
    const limit = options.limit ?? 500;
    const rows = await this.db.query<Row[]>(
      `SELECT object, resource_version, uid, created FROM objects
       WHERE kind = $1 AND ($2::text = '*' OR namespace = $2) AND labels @> $3::jsonb AND name > $4
       ORDER BY namespace, name LIMIT $5`,
      [kind, namespace, JSON.stringify(options.labels ?? {}), options.after ?? '', limit + 1],
    );
    const [{ rv }] = await this.db.query<[{ rv: string }]>(
      `SELECT last_value::text AS rv FROM resource_version_seq`,
    );
    const items = rows.slice(0, limit).map((r) => this.hydrate(r));
    const more = rows.length > limit ? items[items.length - 1]?.metadata.name : undefined;
    return { items, resourceVersion: rv, ...(more ? { continue: more } : {}) };
  }

  async create(
    manager: EntityManager,
    kind: string,
    namespace: string,
    object: StoredObject,
  ): Promise<StoredObject> {
    const uid = randomUUID();
    const body = withoutServerFields(object);
    try {
      const rows = await manager.query<Row[]>(
        `INSERT INTO objects (uid, kind, namespace, name, labels, object) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING object, resource_version, uid, created`,
        [
          uid,
          kind,
          namespace,
          object.metadata.name,
          JSON.stringify(object.metadata.labels ?? {}),
          JSON.stringify(body),
        ],
      );
      return this.hydrate(rows[0] as Row);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ApiError(
          'AlreadyExists',
          `${kind.toLowerCase()}s "${object.metadata.name}" already exists`,
          { name: object.metadata.name, kind },
        );
      }
      throw error;
    }
  }

  /** Replaces the object; with `expectedVersion` only if nobody changed it meanwhile. */
  async update(
    manager: EntityManager,
    kind: string,
    namespace: string,
    object: StoredObject,
    expectedVersion?: string,
  ): Promise<StoredObject> {
    const rows = await manager.query<[Row[], number]>(
      `UPDATE objects SET object = $4, labels = $5, resource_version = nextval('resource_version_seq')
       WHERE kind = $1 AND namespace = $2 AND name = $3 AND ($6::bigint IS NULL OR resource_version = $6::bigint)
       RETURNING object, resource_version, uid, created`,
      [
        kind,
        namespace,
        object.metadata.name,
        JSON.stringify(withoutServerFields(object)),
        JSON.stringify(object.metadata.labels ?? {}),
        expectedVersion ?? null,
      ],
    );
    const updated = rows[0][0];
    if (!updated) {
      if (await this.get(kind, namespace, object.metadata.name, manager)) {
        throw new ApiError(
          'Conflict',
          `Operation cannot be fulfilled on ${kind.toLowerCase()}s "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
          { name: object.metadata.name, kind },
        );
      }
      throw ApiError.notFound(kind, object.metadata.name);
    }
    return this.hydrate(updated);
  }

  async delete(
    manager: EntityManager,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<StoredObject> {
    const rows = await manager.query<[Row[], number]>(
      `DELETE FROM objects WHERE kind = $1 AND namespace = $2 AND name = $3 RETURNING object, resource_version, uid, created`,
      [kind, namespace, name],
    );
    const deleted = rows[0][0];
    if (!deleted) {
      throw ApiError.notFound(kind, name);
    }
    return this.hydrate(deleted);
  }
}

/** uid, resourceVersion and creationTimestamp live in columns; the stored JSON does not repeat them. */
function withoutServerFields(object: StoredObject): StoredObject {
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...metadata } = object.metadata;
  return { ...object, metadata: metadata };
}
