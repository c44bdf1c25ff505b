import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Build } from '@kiln/build-types';
import { pullBundleRef, RegistryClient } from '@kiln/artifact-store';
import type { BuildLogWriter, EventOf } from '@kiln/events';
import { StageFailure } from '@kiln/service-kit';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from '../config/dockerfile-generator.config.js';
import { listBaseImages } from '../dockerfile/list-base-images.js';
import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';
import { rewriteDockerfile } from '../dockerfile/rewrite-dockerfile.js';
import { dockerRewriteOptions } from './docker-options.js';

type Fetched = EventOf<'kiln.v1.stage.source.fetched'>;
export type Generated = Omit<EventOf<'kiln.v1.stage.dockerfile.generated'>, 'build' | 'bundle'>;

/** Turns a fetched source into the final Dockerfile, as OpenShift 4 rewrites it. */
@Injectable()
export class GenerateService {
  private readonly registry: RegistryClient;

  constructor(
    @Inject(DOCKERFILE_GENERATOR_CONFIG) private readonly config: DockerfileGeneratorConfig,
  ) {
    this.registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  }

  async generate(fetched: Fetched, log: BuildLogWriter): Promise<Generated> {
    const build = fetched.build as Build;
    const type = build.spec.strategy?.type;
    if (type !== 'Docker') {
      throw new StageFailure(
        type === 'JenkinsPipeline' ? 'UnsupportedBuildStrategy' : 'GenericBuildFailed',
        `the ${type ?? 'unknown'} strategy is not supported by this version of the dockerfile-generator`,
      );
    }
    const started = new Date();
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'gen-'));
    try {
      await pullBundleRef(this.registry, fetched.bundle, join(work, 'src'));
      const context = resolve(
        work,
        'src',
        (build.spec.source?.contextDir ?? '').replace(/^\/+/, ''),
      );
      const path = build.spec.strategy?.dockerStrategy?.dockerfilePath ?? 'Dockerfile';
      const file = resolve(context, path);
      if (relative(context, file).startsWith('..')) {
        throw new StageFailure(
          'ManageDockerfileFailed',
          `spec.strategy.dockerStrategy.dockerfilePath "${path}" points outside the context directory`,
        );
      }
      if (!existsSync(file)) {
        throw new StageFailure(
          'ManageDockerfileFailed',
          `no Dockerfile at "${path}" in the context directory`,
        );
      }
      let dockerfile: string;
      try {
        dockerfile = rewriteDockerfile(
          readFileSync(file, 'utf8'),
          dockerRewriteOptions(build, fetched.revision),
        );
      } catch (error) {
        throw new StageFailure('ManageDockerfileFailed', `${path}: ${(error as Error).message}`);
      }
      const buildArgs = Object.fromEntries(
        (build.spec.strategy?.dockerStrategy?.buildArgs ?? []).map((a) => [a.name, a.value ?? '']),
      );
      const baseImages = listBaseImages(
        parseDockerfile(dockerfile),
        Object.entries(buildArgs).map(([name, value]) => ({ name, value })),
      );
      log.line(
        `Generated the Dockerfile (${dockerfile.split('\n').length} lines); base images: ${baseImages.join(', ') || 'none'}`,
      );
      return {
        dockerfile,
        buildArgs,
        baseImages,
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
}
