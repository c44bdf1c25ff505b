import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Consumers, EventBus, Subjects } from '@kiln/events';
import { consumeStageJobs } from '@kiln/service-kit';
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
    await consumeStageJobs(this.bus, {
      consumer: Consumers.pusher,
      stage: 'PushImage',
      failedSubject: Subjects.ImagePushFailed,
      fallbackReason: 'PushImageToRegistryFailed',
      concurrency: this.config.KILN_CONCURRENCY,
      logger: this.logger,
      work: async (job, log, ref) => {
        const pushed = await this.pusher.push(job, log);
        await this.bus.publish(
          Subjects.ImagePushed,
          { build: ref, ...pushed },
          { msgId: `${ref.uid}:image-pushed`, correlationId: ref.uid },
        );
      },
    });
  }
}
