import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One recorded change; positions are in commit order (see the watch-history migration). */
export type Change = {
  position: string;
  resourceVersion: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Record<string, unknown>;
  /** The object before a MODIFIED change. */
  oldObject: Record<string, unknown> | null;
};

type PgClient = {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', fn: () => void): void;
  on(event: 'error', fn: (error: Error) => void): void;
  release(error?: Error): void;
};

/** The channel the change trigger notifies on (fixed in the watch-history migration). */
const CHANNEL = 'kiln_changes';
/** Watchers also look every so often, so a lost notification only delays an event. */
const POLL_MS = 2000;
/** How long history is kept for watches to resume from; older versions get 410. */
export const CHANGE_RETENTION_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 5 * 60 * 1000;

/**
 * The database's change history as watches read it: every write to a watched kind (BuildConfigs,
 * Builds, ConfigMaps, Secrets...), from any replica, in commit order. One LISTEN connection per process wakes the watchers; each reads
 * the rows after its own position, so a slow one never holds the others back.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly wakers = new Set<() => void>();
  private listener?: PgClient;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
    this.timers = [
      setInterval(() => this.wakeAll(), POLL_MS),
      setInterval(() => {
        this.prune(new Date(Date.now() - CHANGE_RETENTION_MS)).catch((error: unknown) =>
          this.logger.warn(`pruning watch history: ${(error as Error).message}`),
        );
      }, PRUNE_EVERY_MS),
    ];
  }

  /** Calls `wake` whenever changes may have been committed; returns the unsubscribe. */
  subscribe(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  /** Open watches in this process (for tests and metrics). */
  get watchers(): number {
    return this.wakers.size;
  }

  /** The position and resourceVersion of the newest change: what a list is consistent with. */
  async head(): Promise<{ position: string; resourceVersion: string }> {
    const rows = await this.db.query<{ position: string; resource_version: string }[]>(
      // Qualified: a bare `position` would sort by the text output column.
      `SELECT c.position::text, c.resource_version::text FROM changes c ORDER BY c.position DESC LIMIT 1`,
    );
    if (rows[0]) {
      return { position: rows[0].position, resourceVersion: rows[0].resource_version };
    }
    const [horizon] = await this.db.query<{ position: string }[]>(
      `SELECT position::text FROM change_horizon`,
    );
    // No history yet: "0" asks a watch to start from the current state, which is right here.
    return { position: horizon?.position ?? '0', resourceVersion: '0' };
  }

  /**
   * The position after which a watch from `resourceVersion` continues, or `expired` when
   * changes after it were pruned. For a version that is not a change's own (a list's from an
   * older server), the watch starts before the first change newer than it: never a gap.
   */
  async resumeAfter(resourceVersion: string): Promise<{ position: string } | 'expired'> {
    const [own] = await this.db.query<{ position: string }[]>(
      `SELECT position::text FROM changes WHERE resource_version = $1`,
      [resourceVersion],
    );
    if (own) {
      return own;
    }
    const [row] = await this.db.query<{ pruned: boolean; position: string | null }[]>(
      `SELECT h.resource_version >= $1::bigint AND h.resource_version > 0 AS pruned,
              (SELECT (min(position) - 1)::text FROM changes WHERE resource_version > $1::bigint) AS position
       FROM change_horizon h`,
      [resourceVersion],
    );
    if (row?.pruned) {
      return 'expired';
    }
    return { position: row?.position ?? (await this.head()).position };
  }

  /** Up to `limit` changes of one kind after `position`; `expired` when pruning overtook it. */
  async after(
    kind: string,
    namespace: string,
    position: string,
    limit: number,
  ): Promise<Change[] | 'expired'> {
    const rows = await this.db.query<
      {
        position: string;
        resource_version: string;
        type: Change['type'];
        object: Change['object'];
        old_object: Change['oldObject'];
        horizon: string;
      }[]
    >(
      `SELECT c.position::text, c.resource_version::text, c.type, c.object, c.old_object, h.position::text AS horizon
       FROM change_horizon h LEFT JOIN LATERAL (
         SELECT * FROM changes WHERE kind = $1 AND ($2::text = '*' OR namespace = $2) AND position > $3::bigint
         ORDER BY position LIMIT $4
       ) c ON true`,
      [kind, namespace, position, limit],
    );
    if (rows[0] && BigInt(rows[0].horizon) > BigInt(position)) {
      return 'expired';
    }
    return rows
      .filter((r) => r.position !== null)
      .map((r) => ({
        position: r.position,
        resourceVersion: r.resource_version,
        type: r.type,
        object: r.object,
        oldObject: r.old_object,
      }));
  }

  /** Forgets changes older than `before`, keeping the newest so the current version resolves. */
  async prune(before: Date): Promise<number> {
    const [rows] = await this.db.query<[{ count: string }[], number]>(
      `WITH cut AS (
         SELECT max(position) AS p FROM changes
         WHERE created < $1 AND position < (SELECT max(position) FROM changes)
       ), gone AS (
         DELETE FROM changes WHERE position <= (SELECT p FROM cut) RETURNING position, resource_version
       )
       UPDATE change_horizon SET
         position = GREATEST(position, (SELECT max(position) FROM gone)),
         resource_version = GREATEST(resource_version, (SELECT max(resource_version) FROM gone))
       RETURNING (SELECT count(*) FROM gone)::text AS count`,
      [before],
    );
    return Number(rows[0]?.count ?? 0);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    // Destroyed, not returned to the pool: a pooled connection must not stay LISTENing.
    this.listener?.release(new Error('watch feed stopped'));
    this.listener = undefined;
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of this.wakers) {
      wake();
    }
  }

  /** A dedicated connection for LISTEN; re-established if it drops (polling covers the gap). */
  private async listen(): Promise<void> {
    const driver = this.db.driver as unknown as { master: { connect(): Promise<PgClient> } };
    try {
      const client = await driver.master.connect();
      client.on('notification', () => this.wakeAll());
      client.on('error', (error) => {
        this.logger.warn(`watch LISTEN connection lost: ${error.message}`);
        client.release(error);
        this.listener = undefined;
        if (!this.stopped) {
          setTimeout(() => void this.listen(), POLL_MS);
        }
      });
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      // Whatever was committed while no one listened.
      this.wakeAll();
    } catch (error) {
      this.logger.warn(`LISTEN failed, watches rely on polling: ${(error as Error).message}`);
      if (!this.stopped) {
        setTimeout(() => void this.listen(), POLL_MS);
      }
    }
  }
}
