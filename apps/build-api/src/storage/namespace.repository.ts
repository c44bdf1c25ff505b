import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A namespace row: labels are queried, the rest of its metadata is kept in `object`. */
export type NamespaceRow = {
  name: string;
  uid: string;
  resource_version: string;
  created: Date;
  labels: Record<string, string>;
  object: Record<string, unknown>;
};

const COLUMNS = 'name, uid, resource_version, created, labels, object';

/** Namespaces partition every object; deleting one removes everything in it (FK cascade). */
@Injectable()
export class NamespaceRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async ensure(name: string): Promise<void> {
    await this.db.query(`INSERT INTO namespaces (name) VALUES ($1) ON CONFLICT DO NOTHING`, [name]);
  }

  async list(): Promise<{ name: string; uid: string; created: Date }[]> {
    return this.db.query<{ name: string; uid: string; created: Date }[]>(
      `SELECT name, uid, created FROM namespaces ORDER BY name`,
    );
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM namespaces WHERE name = $1`, [name]);
    return rows.length > 0;
  }

  async delete(name: string): Promise<boolean> {
    const [, count] = await this.db.query<[unknown, number]>(
      `DELETE FROM namespaces WHERE name = $1`,
      [name],
    );
    return count > 0;
  }

  /** Creates the namespace; undefined when it already exists. */
  async create(
    name: string,
    labels: Record<string, string>,
    object: Record<string, unknown>,
  ): Promise<NamespaceRow | undefined> {
    const rows = await this.db.query<NamespaceRow[]>(
      `INSERT INTO namespaces (name, labels, object) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [name, JSON.stringify(labels), JSON.stringify(object)],
    );
    return rows[0];
  }

  async find(
    name: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<NamespaceRow | undefined> {
    const rows = await manager.query<NamespaceRow[]>(
      `SELECT ${COLUMNS} FROM namespaces WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
      [name],
    );
    return rows[0];
  }

  async listRows(labels: Record<string, string> = {}): Promise<NamespaceRow[]> {
    return this.db.query<NamespaceRow[]>(
      `SELECT ${COLUMNS} FROM namespaces WHERE labels @> $1::jsonb ORDER BY name`,
      [JSON.stringify(labels)],
    );
  }

  /** Deletes in the caller's transaction; everything in the namespace goes with it (cascade). */
  async deleteWith(manager: EntityManager, name: string): Promise<boolean> {
    const [, count] = await manager.query<[unknown, number]>(
      `DELETE FROM namespaces WHERE name = $1`,
      [name],
    );
    return count > 0;
  }
}
