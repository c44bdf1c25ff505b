import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  buildRefOf,
  Consumers,
  EventBus,
  payloadSchemas,
  RetryLater,
  Subjects,
  type BuildLogWriter,
  type BuildRef,
  type EventOf,
} from '@kiln/events';
import { Readiness, runStageJob } from '@kiln/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildCgroup } from '../limits/build-cgroup.js';
import { BuilderStorage } from '../storage/builder-storage.js';
import { BuildService } from './build.service.js';
import { BuilderMetrics } from './builder.metrics.js';

type Job = EventOf<typeof Subjects.DockerfileGenerated>;

/** Why a drain aborts a build: unlike a cancel, the build goes back to the queue. */
const HAND_BACK = 'handed back: builder shutting down';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** DockerfileGenerated in, ImageBuilt out; a cancel for a running build kills its buildah. */
@Injectable()
export class BuildHandler
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(BuildHandler.name);
  private readonly running = new Map<string, AbortController>();
  /** Jobs delivered and not yet acked or naked; a drain waits for none to be left. */
  private jobs = 0;
  private cancels?: Subscription;
  private draining = false;

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly builder: BuildService,
    private readonly readiness: Readiness,
    private readonly storage: BuilderStorage,
    private readonly metrics: BuilderMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.describe('isolation', 'chroot');
    this.readiness.describe(
      'limits',
      BuildCgroup.available() ? 'memory and cpu (cgroup v1)' : 'none: no cgroup v1 memory/cpu',
    );
    this.readiness.describe('slots', String(this.config.KILN_BUILDER_CONCURRENCY));
    this.metrics.slots.set(this.config.KILN_BUILDER_CONCURRENCY);
    // Whatever a killed builder left behind (working containers, work dirs) goes before new work.
    await this.storage.recover();
    this.metrics.cacheBytes.set(await this.storage.evict());
    // Every builder hears every cancel (core subscription, no queue group): only the one running it acts.
    this.cancels = this.bus.connection.subscribe(Subjects.BuildCancelRequested, {
      callback: (_error, msg) => {
        const parsed = payloadSchemas[Subjects.BuildCancelRequested].safeParse(
          msg.json<{ data?: unknown }>().data,
        );
        if (parsed.success) {
          this.running.get(parsed.data.build.uid)?.abort();
        }
      },
    });
    // The stage-job frame (runStageJob) inside a handler of our own rather than
    // consumeStageJobs: a drain must wait until each job's ack or nak is sent, which happens
    // right after this handler returns, not after the work.
    await this.bus.consume(
      Consumers.builder,
      async (job, context) => {
        this.jobs++;
        try {
          if (this.draining) {
            // Pulled before SIGTERM stopped the consumer: another builder takes it at once.
            throw new RetryLater('builder shutting down: job handed back before it started', 0);
          }
          const ref = buildRefOf(job.build);
          await runStageJob({
            bus: this.bus,
            build: ref,
            context,
            stage: 'Build',
            worker: Consumers.builder.durable,
            failedSubject: Subjects.ImageBuildFailed,
            fallbackReason: 'GenericBuildFailed',
            logger: this.logger,
            work: (log) => this.work(job, log, ref),
          });
        } finally {
          this.jobs--;
        }
      },
      { logger: this.logger, concurrency: this.config.KILN_BUILDER_CONCURRENCY },
    );
  }

  private async work(job: Job, log: BuildLogWriter, ref: BuildRef): Promise<void> {
    const abort = new AbortController();
    this.running.set(ref.uid, abort);
    this.metrics.running.set(this.running.size);
    try {
      let built;
      try {
        built = await this.builder.build(job, log, abort.signal);
      } catch (error) {
        if (abort.signal.reason === HAND_BACK) {
          // Not a cancel: this builder is stopping. The job goes back for another builder.
          this.metrics.builds.inc({ outcome: 'handed-back' });
          log.line('Builder shutting down: the build goes back to the queue for another builder');
          await log.flush();
          throw new RetryLater(HAND_BACK, 0);
        }
        this.metrics.builds.inc({ outcome: 'failed' });
        throw error;
      }
      this.metrics.builds.inc({ outcome: 'built' });
      await this.bus.publish(
        Subjects.ImageBuilt,
        { build: job.build, ...built },
        { msgId: `${ref.uid}:image-built`, correlationId: ref.uid },
      );
    } finally {
      this.running.delete(ref.uid);
      this.metrics.running.set(this.running.size);
    }
  }

  /**
   * SIGTERM drains: no new jobs; running builds get KILN_DRAIN_SECONDS to finish, then are
   * stopped (work dir and working containers removed as for a cancel) and handed back (nak) so
   * that another builder takes them. A build handed back on its last delivery ends failed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    this.bus.stopConsuming();
    this.readiness.describe('draining', `${this.config.KILN_DRAIN_SECONDS}s grace`);
    if (this.running.size > 0) {
      this.logger.log(
        `draining: ${this.running.size} build(s) running, ${this.config.KILN_DRAIN_SECONDS}s to finish`,
      );
    }
    const deadline = Date.now() + this.config.KILN_DRAIN_SECONDS * 1000;
    while (this.running.size > 0 && Date.now() < deadline) {
      await sleep(250);
    }
    for (const abort of this.running.values()) {
      abort.abort(HAND_BACK);
    }
    // Polled on a timer: a job's count drops just before its ack is written, never after.
    while (this.jobs > 0) {
      await sleep(100);
    }
  }

  onApplicationShutdown(): void {
    this.cancels?.unsubscribe();
    for (const abort of this.running.values()) {
      abort.abort(HAND_BACK);
    }
  }
}
