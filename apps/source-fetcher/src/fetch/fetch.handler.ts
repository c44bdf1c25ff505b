import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Build } from '@kiln/build-types';
import { Consumers, EventBus, Subjects } from '@kiln/events';
import { consumeStageJobs, StageFailure } from '@kiln/service-kit';
import { SOURCE_FETCHER_CONFIG } from '../config/tokens.js';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { FetchError } from './fetch-errors.js';
import { FetchService } from './fetch.service.js';

/** Takes requested builds off the queue and publishes SourceFetched or SourceFetchFailed. */
@Injectable()
export class FetchHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FetchHandler.name);

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(SOURCE_FETCHER_CONFIG) private readonly config: SourceFetcherConfig,
    private readonly fetcher: FetchService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await consumeStageJobs(this.bus, {
      consumer: Consumers.sourceFetcher,
      stage: 'FetchInputs',
      failedSubject: Subjects.SourceFetchFailed,
      fallbackReason: 'FetchSourceFailed',
      concurrency: this.config.KILN_CONCURRENCY,
      logger: this.logger,
      work: async ({ build, binary }, log, ref) => {
        try {
          const result = await this.fetcher.fetch({ build: build as Build, ref, binary }, log);
          // One msgId per build: a redelivered job that fetched again publishes no second event.
          await this.bus.publish(
            Subjects.SourceFetched,
            { build, ...result },
            { msgId: `${ref.uid}:source-fetched`, correlationId: ref.uid },
          );
        } catch (error) {
          throw error instanceof FetchError ? new StageFailure(error.reason, error.message) : error;
        }
      },
    });
  }
}
