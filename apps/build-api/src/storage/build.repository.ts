import { Inject, Injectable } from '@nestjs/common';
import { BuildAnnotation, type Build, type BuildPhase } from '@kiln/build-types';
import type { EventOf, Subjects } from '@kiln/events';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';

type Row = { object: Build; resource_version: string; created: string };

/**
 * The columns every read returns besides the object. The creation time is formatted by
 * PostgreSQL, as JavaScript's toISOString would (milliseconds, Z), so that the list path, which
 * never parses rows, and every other path show the very same text.
 */
const CREATED_ISO = `to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const META = `resource_version, ${CREATED_ISO} AS created`;

/** One build as the JSON text a list item is (apiVersion, kind, metadata filled in by SQL). */
export type BuildJson = { name: string; json: string };

export type BuildQuery = {
  buildConfig?: string;
  phases?: BuildPhase[];
  labels?: Record<string, string>;
  limit?: number;
  /** Only builds whose name sorts after this (paging within a namespace). */
  after?: string;
};

/** A binary build's upload, as the BuildRequested event carries it. */
export type BinaryUpload = NonNullable<EventOf<typeof Subjects.BuildRequested>['binary']>;

/** Builds: the whole object as jsonb, with phase, BuildConfig and number as queried columns. */
@Injectable()
export class BuildRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  private hydrate(row: Row): Build {
    return {
      ...row.object,
      metadata: {
        ...row.object.metadata,
        resourceVersion: String(row.resource_version),
        creationTimestamp: row.created,
      },
    };
  }

  async get(
    namespace: string,
    name: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<Build | undefined> {
    const rows = await manager.query<Row[]>(
      `SELECT object, ${META} FROM builds WHERE namespace = $1 AND name = $2${lock ? ' FOR UPDATE' : ''}`,
      [namespace, name],
    );
    return rows[0] ? this.hydrate(rows[0]) : undefined;
  }

  async mustGet(
    namespace: string,
    name: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<Build> {
    const build = await this.get(namespace, name, manager, lock);
    if (!build) {
      throw ApiError.notFound('Build', name);
    }
    return build;
  }

  async list(
    namespace: string,
    query: BuildQuery = {},
    manager: EntityManager = this.db.manager,
  ): Promise<Build[]> {
    const rows = await manager.query<Row[]>(
      `SELECT object, ${META} FROM builds ${LIST_WHERE}`,
      listParams(namespace, query),
    );
    return rows.map((r) => this.hydrate(r));
  }

  /**
   * The same rows as `list`, each as the JSON text of its list item, built by PostgreSQL from
   * the stored jsonb: a list of thousands of builds is neither parsed nor re-serialized here,
   * which was most of its cost (bench/RESULTS.md, API).
   */
  listJson(
    namespace: string,
    query: BuildQuery,
    type: { apiVersion: string; kind: string },
  ): Promise<BuildJson[]> {
    return this.db.manager.query<BuildJson[]>(
      `SELECT name, (
         jsonb_build_object('apiVersion', $7::text, 'kind', $8::text) || object
         || jsonb_build_object('metadata', (object -> 'metadata') || jsonb_build_object(
              'resourceVersion', resource_version::text,
              'creationTimestamp', ${CREATED_ISO}))
       )::text AS json
       FROM builds ${LIST_WHERE}`,
      [...listParams(namespace, query), type.apiVersion, type.kind],
    );
  }

  async insert(manager: EntityManager, build: Build, binary?: BinaryUpload): Promise<Build> {
    const meta = build.metadata;
    const number = Number(meta.annotations?.[BuildAnnotation.BuildNumber] ?? NaN);
    const rows = await manager.query<Row[]>(
      `INSERT INTO builds (uid, namespace, name, buildconfig, number, phase, labels, object, binary_upload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING object, ${META}`,
      [
        meta.uid,
        meta.namespace,
        meta.name,
        meta.annotations?.[BuildAnnotation.BuildConfigName] ?? null,
        Number.isNaN(number) ? null : number,
        build.status?.phase ?? 'New',
        JSON.stringify(meta.labels ?? {}),
        JSON.stringify(build),
        binary ? JSON.stringify(binary) : null,
      ],
    );
    return this.hydrate(rows[0] as Row);
  }

  /** The upload a binary build was created with, for the event that starts it. */
  async binaryOf(manager: EntityManager, uid: string): Promise<BinaryUpload | undefined> {
    const rows = await manager.query<{ binary_upload: BinaryUpload | null }[]>(
      `SELECT binary_upload FROM builds WHERE uid = $1`,
      [uid],
    );
    return rows[0]?.binary_upload ?? undefined;
  }

  /** Records the Dockerfile a build used; not part of the Build, so no new resourceVersion. */
  async setDockerfile(uid: string, dockerfile: string): Promise<void> {
    await this.db.query(`UPDATE builds SET dockerfile = $2 WHERE uid = $1`, [uid, dockerfile]);
  }

  /** undefined: no such build; null: the build has no Dockerfile (yet). */
  async dockerfileOf(namespace: string, name: string): Promise<string | null | undefined> {
    const rows = await this.db.query<{ dockerfile: string | null }[]>(
      `SELECT dockerfile FROM builds WHERE namespace = $1 AND name = $2`,
      [namespace, name],
    );
    return rows[0] ? rows[0].dockerfile : undefined;
  }

  /** Writes a new version of the build (the caller holds its row lock). */
  async save(manager: EntityManager, build: Build): Promise<Build> {
    const { resourceVersion: _rv, creationTimestamp: _ct, ...metadata } = build.metadata;
    const stored = { ...build, metadata };
    const rows = await manager.query<[Row[], number]>(
      `UPDATE builds SET object = $3, phase = $4, labels = $5, resource_version = nextval('resource_version_seq')
       WHERE namespace = $1 AND name = $2 RETURNING object, ${META}`,
      [
        build.metadata.namespace,
        build.metadata.name,
        JSON.stringify(stored),
        build.status?.phase ?? 'New',
        JSON.stringify(build.metadata.labels ?? {}),
      ],
    );
    const row = rows[0][0];
    if (!row) {
      throw ApiError.notFound('Build', build.metadata.name ?? '');
    }
    return this.hydrate(row);
  }

  async delete(manager: EntityManager, namespace: string, name: string): Promise<boolean> {
    const [, count] = await manager.query<[unknown, number]>(
      `DELETE FROM builds WHERE namespace = $1 AND name = $2`,
      [namespace, name],
    );
    return count > 0;
  }

  async findByUid(
    uid: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<Build | undefined> {
    const rows = await manager.query<Row[]>(
      `SELECT object, ${META} FROM builds WHERE uid = $1${lock ? ' FOR UPDATE' : ''}`,
      [uid],
    );
    return rows[0] ? this.hydrate(rows[0]) : undefined;
  }
}

const LIST_WHERE = `WHERE ($1::text = '*' OR namespace = $1) AND ($2::text IS NULL OR buildconfig = $2)
  AND ($3::text[] IS NULL OR phase = ANY($3)) AND labels @> $4::jsonb AND name > $5
  ORDER BY namespace, name LIMIT $6`;

function listParams(namespace: string, query: BuildQuery): unknown[] {
  return [
    namespace,
    query.buildConfig ?? null,
    query.phases ?? null,
    JSON.stringify(query.labels ?? {}),
    query.after ?? '',
    query.limit ?? 100_000,
  ];
}
