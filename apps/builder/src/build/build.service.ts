import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Build } from '@kiln/build-types';
import { pullBundleRef, RegistryClient } from '@kiln/artifact-store';
import { buildRefOf, type BuildLogWriter, type EventOf } from '@kiln/events';
import { ObjectResolver, StageFailure } from '@kiln/service-kit';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { budArgs, pushArgs, storageArgs, type StorageOptions } from './buildah-args.js';
import { BuildahRunner } from './buildah.runner.js';
import { objectsNeeded, placeBuildInputs } from './build-inputs.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
export type Built = Omit<EventOf<'kiln.v1.stage.image.built'>, 'build'>;

/** Builds the generated Dockerfile on the fetched context with Buildah, into the staging repository. */
@Injectable()
export class BuildService {
  private readonly registry: RegistryClient;
  private readonly storage: StorageOptions;

  constructor(
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly buildah: BuildahRunner,
    private readonly objects: ObjectResolver,
  ) {
    this.registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
    this.storage = {
      root: join(config.KILN_BUILDAH_ROOT, 'storage'),
      runroot: join(config.KILN_BUILDAH_ROOT, 'run'),
      driver: config.KILN_STORAGE_DRIVER,
    };
  }

  async build(job: Job, log: BuildLogWriter, signal: AbortSignal): Promise<Built> {
    const build = job.build as Build;
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'build-'));
    const steps: Built['steps'] = [];
    try {
      let started = new Date();
      const bundleRoot = join(work, 'src');
      await pullBundleRef(this.registry, job.bundle, bundleRoot);
      const context = resolve(bundleRoot, job.contextDir);
      mkdirSync(context, { recursive: true });
      const objects = await this.objects.resolve(
        buildRefOf(job.build),
        objectsNeeded(job),
        'FetchSourceFailed',
      );
      const inputs = placeBuildInputs(job, objects, { bundleRoot, work });
      const dockerfile = join(work, 'Dockerfile.kiln');
      writeFileSync(dockerfile, job.dockerfile);
      steps.push({
        name: 'PullSourceBundle',
        startTime: started.toISOString(),
        durationMilliseconds: Date.now() - started.getTime(),
      });

      started = new Date();
      const tag = `localhost/kiln-build/${build.metadata.namespace ?? ''}/${build.metadata.name ?? ''}:${build.metadata.uid ?? ''}`;
      const strategy = build.spec.strategy?.dockerStrategy ?? build.spec.strategy?.sourceStrategy;
      log.line(`Building with buildah (isolation chroot, storage ${this.storage.driver})`);
      const bud = await this.buildah.run(
        budArgs(this.storage, {
          contextDir: context,
          dockerfile,
          tag,
          buildArgs: job.buildArgs,
          noCache: strategy?.noCache === true,
          forcePull: strategy?.forcePull === true,
          format: 'oci',
          insecure: true,
          squash: job.layers === 'SkipLayers',
          volumes: inputs.volumes,
          ...(inputs.authfile ? { authfile: inputs.authfile } : {}),
        }),
        (line) => log.line(line),
        signal,
      );
      if (signal.aborted) {
        throw new StageFailure('CancelledBuild', 'The build was cancelled');
      }
      if (bud.code !== 0) {
        // S2I builds are Dockerfile builds in OpenShift 4: a failing assemble fails the same way.
        throw new StageFailure(
          'DockerBuildFailed',
          'Docker build strategy has failed.',
          bud.tail.slice(-10).join('\n'),
        );
      }
      steps.push({
        name: 'DockerBuild',
        startTime: started.toISOString(),
        durationMilliseconds: Date.now() - started.getTime(),
      });

      started = new Date();
      const staging = `${this.config.REGISTRY_HOST}/kiln-staging/${build.metadata.namespace ?? ''}/${build.metadata.name ?? ''}:${build.metadata.uid ?? ''}`;
      const digestFile = join(work, 'digest');
      const push = await this.buildah.run(
        pushArgs(this.storage, tag, staging, digestFile, true),
        () => undefined,
        signal,
      );
      if (push.code !== 0) {
        throw new Error(
          `pushing to the staging repository failed: ${push.tail.slice(-3).join(' ')}`,
        );
      }
      const digest = readFileSync(digestFile, 'utf8').trim();
      await this.buildah.run([...storageArgs(this.storage), 'rmi', tag], () => undefined);
      steps.push({
        name: 'StoreStagingImage',
        startTime: started.toISOString(),
        durationMilliseconds: Date.now() - started.getTime(),
      });
      log.line(`Built ${digest}`);
      return {
        image: {
          reference: `${staging.split(':').slice(0, -1).join(':')}@${digest}`,
          digest,
          layers: [],
        },
        steps,
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
