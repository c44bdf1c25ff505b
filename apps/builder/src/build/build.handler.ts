import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Consumers, EventBus, payloadSchemas, RetryLater, Subjects } from '@kiln/events';
import { consumeStageJobs, Readiness } from '@kiln/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildCgroup } from '../limits/build-cgroup.js';
import { BuilderStorage } from '../storage/builder-storage.js';
import { BuildService } from './build.service.js';
import { BuilderMetrics } from './builder.metrics.js';

/** DockerfileGenerated in, ImageBuilt out; a cancel for a running build kills its buildah. */
@Injectable()
export class BuildHandler
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(BuildHandler.name);
  private readonly running = new Map<string, AbortController>();
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
    await consumeStageJobs(this.bus, {
      consumer: Consumers.builder,
      stage: 'Build',
      failedSubject: Subjects.ImageBuildFailed,
      fallbackReason: 'GenericBuildFailed',
      concurrency: this.config.KILN_BUILDER_CONCURRENCY,
      logger: this.logger,
      work: async (job, log, ref) => {
        const abort = new AbortController();
        this.running.set(ref.uid, abort);
        this.metrics.running.set(this.running.size);
        try {
          let built;
          try {
            built = await this.builder.build(job, log, abort.signal);
          } catch (error) {
            if (this.draining && abort.signal.aborted) {
              // Not a cancel: this builder is stopping. The job goes back for another builder.
              this.metrics.builds.inc({ outcome: 'handed-back' });
              throw new RetryLater('builder shutting down: build handed back', 0);
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
      },
    });
  }

  /**
   * SIGTERM drains: no new jobs; running builds get KILN_DRAIN_SECONDS to finish, then are
   * stopped and handed back (nak) so another builder takes them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    this.bus.stopConsuming();
    const deadline = Date.now() + this.config.KILN_DRAIN_SECONDS * 1000;
    while (this.running.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const abort of this.running.values()) {
      abort.abort();
    }
    while (this.running.size > 0) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  onApplicationShutdown(): void {
    this.cancels?.unsubscribe();
    for (const abort of this.running.values()) {
      abort.abort();
    }
  }
}
