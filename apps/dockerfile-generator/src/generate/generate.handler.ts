import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Consumers, EventBus, Subjects, type EventOf, type JobContext } from '@kiln/events';
import { runStageJob } from '@kiln/service-kit';
import { DOCKERFILE_GENERATOR_CONFIG, type DockerfileGeneratorConfig } from '../config/dockerfile-generator.config.js';
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
    await this.bus.consume(Consumers.dockerfileGenerator, (data, context) => this.handle(data, context), { logger: this.logger, concurrency: this.config.KILN_CONCURRENCY });
  }

  async handle(fetched: EventOf<typeof Subjects.SourceFetched>, context: JobContext): Promise<void> {
    const { metadata } = fetched.build;
    const ref = { namespace: metadata.namespace, name: metadata.name, uid: metadata.uid };
    await runStageJob({
      bus: this.bus,
      build: ref,
      stage: 'FetchInputs',
      context,
      failedSubject: Subjects.DockerfileGenerationFailed,
      fallbackReason: 'ManageDockerfileFailed',
      logger: this.logger,
      work: async (log) => {
        const generated = await this.generator.generate(fetched, log);
        await this.bus.publish(Subjects.DockerfileGenerated, { build: fetched.build, bundle: fetched.bundle, ...generated }, { msgId: `${ref.uid}:dockerfile-generated`, correlationId: ref.uid });
      },
    });
  }
}
