import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SealedData } from './secret-cipher.js';

type Row = { object_uid: string; key_id: string; iv: Buffer; auth_tag: Buffer; ciphertext: Buffer };

const sealedOf = (row: Row): SealedData => ({
  keyId: row.key_id,
  iv: row.iv,
  authTag: row.auth_tag,
  ciphertext: row.ciphertext,
});

/** The sealed `data` of each Secret, keyed by the Secret's uid (deleted with its object). */
@Injectable()
export class SecretDataRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async put(manager: EntityManager, uid: string, sealed: SealedData): Promise<void> {
    await manager.query(
      `INSERT INTO secret_data (object_uid, key_id, iv, auth_tag, ciphertext) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (object_uid) DO UPDATE SET key_id = EXCLUDED.key_id, iv = EXCLUDED.iv,
         auth_tag = EXCLUDED.auth_tag, ciphertext = EXCLUDED.ciphertext, updated = now()`,
      [uid, sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext],
    );
  }

  async getMany(
    uids: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Map<string, SealedData>> {
    if (uids.length === 0) {
      return new Map();
    }
    const rows = await manager.query<Row[]>(
      `SELECT object_uid, key_id, iv, auth_tag, ciphertext FROM secret_data WHERE object_uid = ANY($1::uuid[])`,
      [uids],
    );
    return new Map(rows.map((r) => [r.object_uid, sealedOf(r)]));
  }
}
