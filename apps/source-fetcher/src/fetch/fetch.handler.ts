import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Build } from '@kiln/build-types';
import { Consumers, EventBus, Subjects, type EventOf, type JobContext } from '@kiln/events';
import { runStageJob, StageFailure } from '@kiln/service-kit';
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
    await this.bus.consume(Consumers.sourceFetcher, (data, context) => this.handle(data, context), { logger: this.logger, concurrency: this.config.KILN_CONCURRENCY });
  }

  async handle({ build }: EventOf<typeof Subjects.BuildRequested>, context: JobContext): Promise<void> {
    const ref = { namespace: build.metadata.namespace, name: build.metadata.name, uid: build.metadata.uid };
    await this.bus.publish(Subjects.StageStarted, { build: ref, stage: 'FetchInputs', worker: 'source-fetcher', startTime: new Date().toISOString() }, { msgId: `${ref.uid}:started:FetchInputs`, correlationId: ref.uid });
    await runStageJob({
      bus: this.bus,
      build: ref,
      stage: 'FetchInputs',
      context,
      failedSubject: Subjects.SourceFetchFailed,
      fallbackReason: 'FetchSourceFailed',
      logger: this.logger,
      work: async (log) => {
        try {
          const result = await this.fetcher.fetch(build as Build, log);
          await this.bus.publish(Subjects.SourceFetched, { build, ...result }, { msgId: `${ref.uid}:source-fetched`, correlationId: ref.uid });
        } catch (error) {
          throw error instanceof FetchError ? new StageFailure(error.reason, error.message) : error;
        }
      },
    });
  }
}
