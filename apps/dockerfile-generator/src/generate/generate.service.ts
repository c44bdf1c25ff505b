import { Inject, Injectable } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Build } from '@kiln/build-types';
import { pullBundleRef, pushDirectoryBundle, RegistryClient } from '@kiln/artifact-store';
import type { BuildLogWriter, EventOf } from '@kiln/events';
import { StageFailure } from '@kiln/service-kit';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from '../config/dockerfile-generator.config.js';
import { BuildEnv } from './build-env.js';
import { customJob, customStrategyNotes } from './custom-job.js';
import { DockerGeneration } from './docker-generation.js';
import { S2iGeneration } from './s2i-generation.js';
import type { StrategyOutput } from './strategy-output.js';

type Fetched = EventOf<'kiln.v1.stage.source.fetched'>;
export type Generated = Omit<EventOf<'kiln.v1.stage.dockerfile.generated'>, 'build'>;

/** Turns a fetched source into the build the builder runs, per strategy, as OpenShift 4 does. */
@Injectable()
export class GenerateService {
  private readonly registry: RegistryClient;

  constructor(
    @Inject(DOCKERFILE_GENERATOR_CONFIG) private readonly config: DockerfileGeneratorConfig,
    private readonly docker: DockerGeneration,
    private readonly s2i: S2iGeneration,
    private readonly env: BuildEnv,
  ) {
    this.registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  }

  async generate(fetched: Fetched, log: BuildLogWriter): Promise<Generated> {
    const build = fetched.build as Build;
    const started = new Date();
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'gen-'));
    try {
      const output = await this.strategy(build, fetched, work, log);
      const { contextToPush, ...job } = output;
      let bundle = fetched.bundle;
      if (contextToPush !== undefined) {
        // The generated context replaces the source bundle for the builder; same content, same digest.
        bundle = await pushDirectoryBundle(
          this.registry,
          `kiln-contexts/${build.metadata.namespace ?? ''}`,
          contextToPush,
        );
      }
      return {
        ...job,
        bundle,
        steps: [
          {
            name: 'GenerateDockerfile',
            startTime: started.toISOString(),
            durationMilliseconds: Date.now() - started.getTime(),
          },
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  private async strategy(
    build: Build,
    fetched: Fetched,
    work: string,
    log: BuildLogWriter,
  ): Promise<StrategyOutput> {
    const type = build.spec.strategy?.type;
    const source = join(work, 'src');
    switch (type) {
      case 'Docker':
        await pullBundleRef(this.registry, fetched.bundle, source);
        return this.docker.generate(build, fetched.revision, source, log);
      case 'Source':
        await pullBundleRef(this.registry, fetched.bundle, source);
        return this.s2i.generate(build, fetched.revision, source, work, log);
      case 'Custom': {
        customStrategyNotes(build).forEach((note) => log.line(note));
        const env = await this.env.resolve(build, build.spec.strategy?.customStrategy?.env);
        const to = build.spec.output?.to;
        return customJob(
          build,
          env,
          to?.kind === 'DockerImage' ? (to.name ?? undefined) : undefined,
        );
      }
      case 'JenkinsPipeline':
        throw new StageFailure(
          'UnsupportedBuildStrategy',
          'JenkinsPipeline builds are deprecated in OpenShift and not supported by Kiln',
        );
      case null:
      case undefined:
        throw new StageFailure('GenericBuildFailed', 'the build has no strategy type');
    }
    throw new StageFailure('GenericBuildFailed', `unknown build strategy ${String(type)}`);
  }
}
