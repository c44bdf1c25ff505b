import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
}
