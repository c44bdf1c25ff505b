import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Build } from '@kiln/build-types';
import { SECRET_ENV_FILE, type BuildLogWriter } from '@kiln/events';
import { StageFailure } from '@kiln/service-kit';
import { listBaseImages } from '../dockerfile/list-base-images.js';
import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';
import { rewriteDockerfile } from '../dockerfile/rewrite-dockerfile.js';
import { sourceSecretEnv, splitSecretEnv } from '../dockerfile/source-secret-env.js';
import type { Revision } from './build-info-of.js';
import { BuildEnv } from './build-env.js';
import { dockerRewriteOptions } from './docker-options.js';
import { dockerInjections, strategyVolumes } from './placements.js';
import type { StrategyOutput } from './strategy-output.js';

/** The Docker strategy: the user's Dockerfile, rewritten as OpenShift 4 rewrites it. */
@Injectable()
export class DockerGeneration {
  constructor(private readonly env: BuildEnv) {}

  async generate(
    build: Build,
    revision: Revision,
    sourceDir: string,
    log: BuildLogWriter,
  ): Promise<StrategyOutput> {
    const strategy = build.spec.strategy?.dockerStrategy ?? {};
    const contextDir = (build.spec.source?.contextDir ?? '').replace(/^\/+/, '');
    const context = resolve(sourceDir, contextDir);
    const path = strategy.dockerfilePath ?? 'Dockerfile';
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
    const { plain, secretNames } = splitSecretEnv(await this.env.resolve(build, strategy.env));
    let dockerfile: string;
    try {
      dockerfile = rewriteDockerfile(
        readFileSync(file, 'utf8'),
        dockerRewriteOptions(build, revision, plain),
      );
      if (secretNames.length > 0) {
        dockerfile = sourceSecretEnv(dockerfile, SECRET_ENV_FILE);
      }
    } catch (error) {
      throw new StageFailure('ManageDockerfileFailed', `${path}: ${(error as Error).message}`);
    }
    // buildArgs may use valueFrom too; they go to Buildah, never into the file.
    const args = await this.env.resolve(build, strategy.buildArgs);
    // Buildah records the build args a RUN uses in its history entry: a Secret's value there
    // would ship with the image. OpenShift ignores valueFrom here; refusing says why.
    const secretArg = args.findIndex((a) => a.secret === true);
    if (secretArg >= 0) {
      throw new StageFailure(
        'ManageDockerfileFailed',
        `spec.strategy.dockerStrategy.buildArgs (${args[secretArg]?.name ?? ''}): a build arg read from a Secret would be recorded in the image history; use env with valueFrom.secretKeyRef, which RUN sees and the image does not keep`,
      );
    }
    const buildArgs = Object.fromEntries(args.map((a) => [a.name, a.value]));
    const baseImages = listBaseImages(parseDockerfile(dockerfile), args);
    log.line(
      `Generated the Dockerfile (${dockerfile.split('\n').length} lines); base images: ${baseImages.join(', ') || 'none'}`,
    );
    return {
      dockerfile,
      buildArgs,
      baseImages,
      contextDir,
      layers: strategy.imageOptimizationPolicy?.startsWith('SkipLayers') ? 'SkipLayers' : 'None',
      injections: dockerInjections(build, contextDir),
      volumes: strategyVolumes(strategy.volumes),
      ...(strategy.pullSecret?.name ? { pullSecret: strategy.pullSecret.name } : {}),
      ...(secretNames.length > 0 ? { secretEnv: secretNames } : {}),
    };
  }
}
