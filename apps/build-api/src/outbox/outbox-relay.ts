import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EventBus, Subjects, type EventOf, type EventSubject } from '@kiln/events';
import { PeriodicTask } from '@kiln/service-kit';
import { DataSource } from 'typeorm';
import { BuildMetrics, type PublishedPhaseChange } from '../metrics/build-metrics.js';

type OutboxRow = {
  id: string;
  subject: EventSubject;
  msg_id: string;
  payload: EventOf<EventSubject>;
};

/**
 * Publishes outbox rows in order. Woken by NOTIFY for low latency, and by a timer so that a
 * missed notification (or a crash of another instance) only delays an event.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly task: PeriodicTask;
  private stopped = false;
  private listener?: { release(error?: Error): void };

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly metrics: BuildMetrics,
  ) {
    this.task = new PeriodicTask({
      everyMs: 1000,
      run: () => this.drain(),
      onError: (error) => this.logger.warn(`outbox relay: ${error.message}`),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
    this.task.start({ now: true });
  }

  /** A dedicated connection for LISTEN; re-established if it drops (the timer covers the gap). */
  private async listen(): Promise<void> {
    type PgClient = {
      query(sql: string): Promise<unknown>;
      on(event: 'notification', fn: () => void): void;
      on(event: 'error', fn: (error: Error) => void): void;
      release(error?: Error): void;
    };
    if (this.stopped) {
      return;
    }
    const driver = this.db.driver as unknown as { master: { connect(): Promise<PgClient> } };
    const again = () => {
      if (!this.stopped) {
        setTimeout(() => void this.listen(), 1000);
      }
    };
    let client: PgClient | undefined;
    let dropped = false;
    const drop = (error: Error) => {
      if (!dropped) {
        dropped = true;
        client?.release(error);
        this.listener = undefined;
        again();
      }
    };
    try {
      client = await driver.master.connect();
      client.on('notification', () => this.kick());
      // Without a listener, the connection's error (PostgreSQL restarting) would end the process.
      client.on('error', (error) => {
        this.logger.warn(`outbox LISTEN connection lost: ${error.message}`);
        drop(error);
      });
      await client.query('LISTEN kiln_outbox');
      this.listener = client;
    } catch (error) {
      this.logger.warn(`LISTEN failed, relying on polling: ${(error as Error).message}`);
      drop(error as Error);
    }
  }

  /** Publishes now (a NOTIFY came, or rows were just written), or right after the drain running. */
  kick(): void {
    this.task.kick();
  }

  /**
   * Publishes every unpublished row; a row locked by another instance is skipped. The stream
   * sequence each landed at is kept (the watchdog finds a build's job by it). A row published
   * before a crash kept it from being marked is published again and dropped by the stream as a
   * duplicate of its msg id, so it reaches consumers once; metrics count it once, after the
   * commit that marks it.
   */
  private async drain(): Promise<void> {
    for (;;) {
      const { count, changes } = await this.db.transaction(async (manager) => {
        const rows = await manager.query<OutboxRow[]>(
          `SELECT id, subject, msg_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED`,
        );
        const fresh: PublishedPhaseChange[] = [];
        for (const row of rows) {
          const ack = await this.bus.publish(row.subject, row.payload, {
            msgId: row.msg_id,
            correlationId: correlationOf(row.payload),
          });
          await manager.query(
            `UPDATE outbox SET published_at = now(), stream_seq = $2 WHERE id = $1`,
            [row.id, ack.seq],
          );
          if (row.subject === Subjects.BuildPhaseChanged) {
            const { build, phase } = row.payload as EventOf<typeof Subjects.BuildPhaseChanged>;
            fresh.push({ uid: build.uid, phase });
          }
        }
        return { count: rows.length, changes: fresh };
      });
      await this.metrics
        .published(changes)
        .catch((error: unknown) => this.logger.warn(`build metrics: ${(error as Error).message}`));
      if (count < 100) {
        return;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listener?.release();
    // The drain in progress finishes: its rows are marked published before the pool closes.
    await this.task.stop();
  }
}

function correlationOf(payload: unknown): string | undefined {
  const build = (payload as { build?: { uid?: string; metadata?: { uid?: string } } }).build;
  return build?.uid ?? build?.metadata?.uid;
}
