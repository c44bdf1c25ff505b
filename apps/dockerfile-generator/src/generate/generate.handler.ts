import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Consumers, EventBus, Subjects } from '@kiln/events';
import { consumeStageJobs } from '@kiln/service-kit';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from '../config/dockerfile-generator.config.js';
import { GenerateService } from './generate.service.js';

/** SourceFetched in, DockerfileGenerated (or its failure) out. */
@Injectable()
export class GenerateHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(GenerateHandler.name);

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(DOCKERFILE_GENERATOR_CONFIG) private readonly config: DockerfileGeneratorConfig,
    private readonly generator: GenerateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await consumeStageJobs(this.bus, {
      consumer: Consumers.dockerfileGenerator,
      stage: 'FetchInputs',
      failedSubject: Subjects.DockerfileGenerationFailed,
      fallbackReason: 'ManageDockerfileFailed',
      concurrency: this.config.KILN_CONCURRENCY,
      logger: this.logger,
      work: async (fetched, log, ref) => {
        const generated = await this.generator.generate(fetched, log);
        await this.bus.publish(
          Subjects.DockerfileGenerated,
          { build: fetched.build, ...generated },
          { msgId: `${ref.uid}:dockerfile-generated`, correlationId: ref.uid },
        );
      },
    });
  }
}
