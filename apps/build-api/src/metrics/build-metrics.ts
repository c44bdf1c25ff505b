import { Inject, Injectable, Logger } from '@nestjs/common';
import { buildPhases, isTerminalPhase, type BuildPhase } from '@kiln/build-types';
import { MetricsRegistry } from '@kiln/service-kit';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';

const STRATEGIES = ['Docker', 'Source', 'Custom', 'JenkinsPipeline'] as const;
const strategyOf = `COALESCE(object->'spec'->'strategy'->>'type', 'Unknown')`;

/** A phase change as the outbox relay published it. */
export type PublishedPhaseChange = { uid: string; phase: BuildPhase };

/**
 * Build metrics on /metrics. Counters and the duration histogram count what this replica's
 * outbox relay published, once per transition across all replicas (sum them). Gauges are read
 * from the database at scrape time and are the same on every replica (take the max).
 */
@Injectable()
export class BuildMetrics {
  private readonly logger = new Logger(BuildMetrics.name);
  private readonly transitions: Counter<'strategy' | 'phase'>;
  private readonly duration: Histogram<'strategy' | 'phase'>;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    this.transitions = new Counter({
      name: 'kiln_build_phase_transitions_total',
      help: 'Builds that entered a phase, by strategy and phase.',
      labelNames: ['strategy', 'phase'],
      registers,
    });
    this.duration = new Histogram({
      name: 'kiln_build_duration_seconds',
      help: 'Time from start to end of finished builds, by strategy and terminal phase.',
      labelNames: ['strategy', 'phase'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers,
    });
    const snapshot = (query: () => Promise<void>) =>
      query().catch((error: unknown) =>
        this.logger.warn(`metrics query failed: ${(error as Error).message}`),
      );
    const builds = new Gauge({
      name: 'kiln_builds',
      help: 'Builds that exist now, by strategy and phase.',
      labelNames: ['strategy', 'phase'],
      registers,
      collect: () =>
        snapshot(async () => {
          const rows = await this.db.query<{ strategy: string; phase: string; n: string }[]>(
            `SELECT ${strategyOf} AS strategy, phase, count(*) AS n FROM builds GROUP BY 1, 2`,
          );
          builds.reset();
          for (const strategy of STRATEGIES) {
            for (const phase of buildPhases) {
              builds.set({ strategy, phase }, 0);
            }
          }
          for (const row of rows) {
            builds.set({ strategy: row.strategy, phase: row.phase }, Number(row.n));
          }
        }),
    });
    const queue = new Gauge({
      name: 'kiln_build_queue_depth',
      help: 'Builds waiting: New (for their run policy) and Pending (for a worker).',
      labelNames: ['phase'],
      registers,
      collect: () =>
        snapshot(async () => {
          const [row] = await this.db.query<{ new: string; pending: string }[]>(
            `SELECT count(*) FILTER (WHERE phase = 'New') AS new,
                    count(*) FILTER (WHERE phase = 'Pending') AS pending
             FROM builds WHERE phase IN ('New', 'Pending')`,
          );
          queue.set({ phase: 'New' }, Number(row?.new ?? 0));
          queue.set({ phase: 'Pending' }, Number(row?.pending ?? 0));
        }),
    });
    const backlog = new Gauge({
      name: 'kiln_outbox_backlog',
      help: 'Events committed to the outbox and not yet published to NATS.',
      registers,
      collect: () =>
        snapshot(async () => {
          const [row] = await this.db.query<{ n: string }[]>(
            `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
          );
          backlog.set(Number(row?.n ?? 0));
        }),
    });
  }

  /** Counts phase changes the relay published, and times the builds that ended. */
  async published(changes: PublishedPhaseChange[]): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    const rows = await this.db.query<{ uid: string; strategy: string; nanos: string | null }[]>(
      `SELECT uid, ${strategyOf} AS strategy, object->'status'->>'duration' AS nanos
       FROM builds WHERE uid = ANY($1::uuid[])`,
      [changes.map((c) => c.uid)],
    );
    const byUid = new Map(rows.map((r) => [r.uid, r]));
    for (const change of changes) {
      const row = byUid.get(change.uid);
      const labels = { strategy: row?.strategy ?? 'Unknown', phase: change.phase };
      this.transitions.inc(labels);
      if (isTerminalPhase(change.phase) && row?.nanos) {
        this.duration.observe(labels, Number(row.nanos) / 1e9);
      }
    }
  }
}
