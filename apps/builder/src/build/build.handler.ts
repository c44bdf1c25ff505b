import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Consumers, EventBus, payloadSchemas, Subjects } from '@kiln/events';
import { consumeStageJobs, Readiness } from '@kiln/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildService } from './build.service.js';

/** DockerfileGenerated in, ImageBuilt out; a cancel for a running build kills its buildah. */
@Injectable()
export class BuildHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BuildHandler.name);
  private readonly running = new Map<string, AbortController>();
  private cancels?: Subscription;

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly builder: BuildService,
    private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.describe('isolation', 'chroot');
    this.readiness.describe('slots', String(this.config.KILN_BUILDER_CONCURRENCY));
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
        try {
          const built = await this.builder.build(job, log, abort.signal);
          await this.bus.publish(
            Subjects.ImageBuilt,
            { build: job.build, ...built },
            { msgId: `${ref.uid}:image-built`, correlationId: ref.uid },
          );
        } finally {
          this.running.delete(ref.uid);
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.cancels?.unsubscribe();
    for (const abort of this.running.values()) {
      abort.abort();
    }
  }
}
