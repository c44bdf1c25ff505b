import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Consumers, EventBus, Subjects, type EventOf, type JobContext } from '@kiln/events';
import { runStageJob } from '@kiln/service-kit';
import { PUSHER_CONFIG, type PusherConfig } from '../config/pusher.config.js';
import { PushService } from './push.service.js';

/** ImageBuilt in, ImagePushed out. */
@Injectable()
export class PushHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PushHandler.name);

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(PUSHER_CONFIG) private readonly config: PusherConfig,
    private readonly pusher: PushService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consume(Consumers.pusher, (data, context) => this.handle(data, context), { logger: this.logger, concurrency: this.config.KILN_CONCURRENCY });
  }

  async handle(job: EventOf<typeof Subjects.ImageBuilt>, context: JobContext): Promise<void> {
    const { metadata } = job.build;
    const ref = { namespace: metadata.namespace, name: metadata.name, uid: metadata.uid };
    await runStageJob({
      bus: this.bus,
      build: ref,
      stage: 'PushImage',
      context,
      failedSubject: Subjects.ImagePushFailed,
      fallbackReason: 'PushImageToRegistryFailed',
      logger: this.logger,
      work: async (log) => {
        const pushed = await this.pusher.push(job, log);
        await this.bus.publish(Subjects.ImagePushed, { build: ref, ...pushed }, { msgId: `${ref.uid}:image-pushed`, correlationId: ref.uid });
      },
    });
  }
}
