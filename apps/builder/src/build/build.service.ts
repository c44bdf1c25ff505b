import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  BuildLabel,
  StatusReason,
  statusReasonMessages,
  StepName,
  type Build,
} from '@kiln/build-types';
import { ociAccept, pullBundleRef, RegistryClient } from '@kiln/artifact-store';
import { buildRefOf, type BuildLogWriter, type EventOf } from '@kiln/events';
import { ObjectResolver, StageFailure } from '@kiln/service-kit';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildCgroup } from '../limits/build-cgroup.js';
import { parseQuantity } from '../limits/quantity.js';
import { BaseImages } from '../storage/base-images.js';
import { BuilderStorage, type LayerCache } from '../storage/builder-storage.js';
import { budArgs, pushArgs } from './buildah-args.js';
import { BuildahRunner } from './buildah.runner.js';
import { objectsNeeded, placeBuildInputs } from './build-inputs.js';
import { BuilderMetrics } from './builder.metrics.js';
import { CacheTally } from './cache-tally.js';
import { CustomBuild } from './custom-build.js';
import { customOutput } from './custom-output.js';
import { dateStagingImage } from './date-staging-image.js';
import { imageFormatOf, type ImageFormat } from './image-format.js';
import { incrementalObjects, writeIncrementalAuthfile } from './incremental-auth.js';
import { pullBuildBases } from './pull-build-bases.js';
import { lastStep, postCommitRunLine } from './post-commit-step.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
export type Built = Omit<EventOf<'kiln.v1.stage.image.built'>, 'build'>;
type Step = Built['steps'][number];

/**
 * Keeps a BuildConfig's latest image, and so its cached layers, in its own store. Builds are
 * tagged with it directly and pushed by image ID: a build of the same BuildConfig running at the
 * same time may move the tag, never change what this one pushes.
 */
const CACHE_TAG = 'localhost/kiln-cache/latest:latest';

const timed = (name: Step['name'], started: Date): Step => ({
  name,
  startTime: started.toISOString(),
  durationMilliseconds: Date.now() - started.getTime(),
});

/** The BuildConfig a build came from, for its layer cache. */
const buildConfigOf = (build: Build): string =>
  build.status?.config?.name ??
  build.metadata.labels?.[BuildLabel.BuildConfigName] ??
  build.metadata.labels?.[BuildLabel.BuildConfig] ??
  '';

/**
 * Builds the generated Dockerfile on the fetched context with Buildah: bases from the node's
 * shared store, layers in the BuildConfig's own cache, result pushed to the staging repository.
 */
@Injectable()
export class BuildService {
  private readonly registry: RegistryClient;

  constructor(
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly buildah: BuildahRunner,
    private readonly objects: ObjectResolver,
    private readonly storage: BuilderStorage,
    private readonly bases: BaseImages,
    private readonly metrics: BuilderMetrics,
    private readonly custom: CustomBuild,
  ) {
    this.registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  }

  async build(job: Job, log: BuildLogWriter, signal: AbortSignal): Promise<Built> {
    const build = job.build as Build;
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'build-'));
    const cache = await this.storage.acquire(build.metadata.namespace ?? '', buildConfigOf(build));
    const steps: Step[] = [];
    try {
      // Refused before any work: the build asked for something Buildah cannot do.
      const format = imageFormatOf(build);
      if (!format.ok) {
        throw new StageFailure('GenericBuildFailed', format.message);
      }
      let started = new Date();
      const bundleRoot = join(work, 'src');
      await pullBundleRef(this.registry, job.bundle, bundleRoot);
      const context = resolve(bundleRoot, job.contextDir);
      mkdirSync(context, { recursive: true });
      const objects = await this.objects.resolve(
        buildRefOf(job.build),
        [...objectsNeeded(job), ...incrementalObjects(job)],
        'FetchSourceFailed',
      );
      // A RUN that prints a mounted secret must not put it in the build log.
      for (const object of objects.values()) {
        if (object.kind === 'Secret') {
          log.redact(
            ...Object.values(object.data).map((v) => Buffer.from(v, 'base64').toString('utf8')),
          );
        }
      }
      const inputs = placeBuildInputs(job, objects, { bundleRoot, work });
      steps.push(timed(StepName.PullSourceBundle, started));

      const strategy = build.spec.strategy?.dockerStrategy ?? build.spec.strategy?.sourceStrategy;
      const incrementalAuthfile = writeIncrementalAuthfile(job, objects, work);
      let pulled = { bytes: 0 };
      try {
        const report = await pullBuildBases(this.bases, job, {
          forcePull: strategy?.forcePull === true,
          ...(inputs.authfile ? { authfile: inputs.authfile } : {}),
          ...(incrementalAuthfile ? { incrementalAuthfile } : {}),
          log: (line) => log.line(line),
          signal,
        });
        this.metrics.basePulls.inc({ result: 'pulled' }, report.pulled.length);
        this.metrics.basePulls.inc({ result: 'reused' }, report.reused.length);
        this.metrics.pulledBytes.inc(report.bytes);
        pulled = { bytes: report.bytes };
        steps.push(...report.steps);
      } catch (error) {
        this.throwIfCancelled(signal);
        throw new StageFailure('PullBuilderImageFailed', (error as Error).message);
      }

      if (job.custom) {
        started = new Date();
        try {
          await this.custom.run(
            // Env values read from Secrets join here, never having travelled in the job.
            { ...job.custom, env: [...job.custom.env, ...inputs.secretEnv] },
            objects,
            { context, work },
            cache,
            (l) => log.line(l),
            signal,
          );
        } catch (error) {
          throw error instanceof StageFailure && error.logSnippet
            ? new StageFailure(error.reason, error.message, log.mask(error.logSnippet))
            : error;
        }
        steps.push(timed(StepName.CustomBuild, started));
        const image = await customOutput(job, objects, {
          host: this.config.REGISTRY_HOST,
          registry: this.registry,
        });
        log.line(`Base images: ${pulled.bytes} bytes pulled`);
        return { image, steps, pulled };
      }

      started = new Date();
      const dockerfile = join(work, 'Dockerfile.kiln');
      writeFileSync(dockerfile, job.dockerfile);
      const iidFile = join(work, 'image-id');
      const imageFormat = format.format;
      log.line(
        `Building with buildah (isolation chroot, format ${imageFormat}, layer cache ${cache.key})`,
      );
      const tally = new CacheTally();
      const limits = build.spec.resources?.limits ?? {};
      const cgroup = BuildCgroup.create(build.metadata.uid ?? basename(work), {
        memoryBytes: parseQuantity(limits.memory),
        cpuCores: parseQuantity(limits.cpu),
      });
      if (cgroup) {
        log.line(`Resource limits: ${JSON.stringify(limits)}`);
      }
      const bud = await this.buildah.run(
        budArgs({
          contextDir: context,
          dockerfile,
          tag: CACHE_TAG,
          iidFile,
          buildArgs: job.buildArgs,
          noCache: strategy?.noCache === true || !cache.reusable,
          forcePull: false,
          format: imageFormat,
          insecure: true,
          squash: job.layers === 'SkipLayers',
          volumes: inputs.volumes,
          ...(inputs.authfile ? { authfile: inputs.authfile } : {}),
        }),
        (line) => {
          tally.see(line);
          log.line(line);
        },
        signal,
        cache.env,
        cgroup,
      );
      const oomKilled = cgroup?.oomKilled() === true;
      await cgroup?.remove();
      this.throwIfCancelled(signal);
      if (bud.code !== 0 && oomKilled) {
        throw new StageFailure(
          'OutOfMemoryKilled',
          `The build pod was killed due to an out of memory condition (memory limit ${String(limits.memory)}).`,
          log.mask(bud.tail.slice(-10).join('\n')),
        );
      }
      if (bud.code !== 0) {
        this.failBuild(job, bud.tail, log);
      }
      const cacheUse = tally.result();
      this.metrics.cacheHits.inc(cacheUse.hits);
      this.metrics.cacheMisses.inc(cacheUse.misses);
      steps.push(timed(StepName.DockerBuild, started));

      started = new Date();
      const imageId = readFileSync(iidFile, 'utf8')
        .trim()
        .replace(/^sha256:/, '');
      const built = await this.pushToStaging(build, imageId, imageFormat, work, cache, signal);
      steps.push(timed(StepName.StoreStagingImage, started));
      log.line(`Built ${built.digest}`);
      // The stage's figures, last, as in the stage info and the metrics.
      log.line(
        `Layer cache: ${cacheUse.hits} step(s) reused, ${cacheUse.misses} run; base images: ${pulled.bytes} bytes pulled`,
      );
      return { image: built, steps, cache: cacheUse, pulled };
    } catch (error) {
      await this.storage.removeWorkingContainers(cache);
      throw error;
    } finally {
      rmSync(work, { recursive: true, force: true });
      // Not awaited: a throwaway store's removal is cleanup, the build's outcome is known.
      void this.storage
        .release(cache)
        .then(() => this.storage.evict())
        .then(
          (bytes) => this.metrics.cacheBytes.set(bytes),
          () => undefined,
        );
    }
  }

  private throwIfCancelled(signal: AbortSignal): void {
    if (signal.aborted) {
      throw new StageFailure('CancelledBuild', 'The build was cancelled');
    }
  }

  /** A failed bud: the post-commit hook's own reason when its step is the one that failed. */
  private failBuild(job: Job, tail: string[], log: BuildLogWriter): never {
    const hook = postCommitRunLine(job.dockerfile);
    const failedAt = lastStep(tail);
    // The snippet leaves the stage (event, Build status): masked like the log it comes from.
    const snippet = log.mask(tail.slice(-10).join('\n'));
    if (hook !== undefined && failedAt === hook) {
      throw new StageFailure(
        StatusReason.PostCommitHookFailed,
        statusReasonMessages.PostCommitHookFailed,
        snippet,
      );
    }
    throw new StageFailure(
      StatusReason.DockerBuildFailed,
      statusReasonMessages.DockerBuildFailed,
      snippet,
    );
  }

  private async pushToStaging(
    build: Build,
    imageId: string,
    format: ImageFormat,
    work: string,
    cache: LayerCache,
    signal: AbortSignal,
  ): Promise<Built['image']> {
    const repository = `kiln-staging/${build.metadata.namespace ?? ''}/${build.metadata.name ?? ''}`;
    const staging = `${this.config.REGISTRY_HOST}/${repository}:${build.metadata.uid ?? ''}`;
    const digestFile = join(work, 'digest');
    const push = await this.buildah.run(
      pushArgs(imageId, staging, digestFile, true, format),
      () => undefined,
      signal,
      cache.env,
    );
    this.throwIfCancelled(signal);
    if (push.code !== 0) {
      throw new Error(`pushing to the staging repository failed: ${push.tail.slice(-3).join(' ')}`);
    }
    const digest = readFileSync(digestFile, 'utf8').trim();
    const manifest = await this.registry.getManifest(repository, digest, ociAccept);
    await dateStagingImage(this.registry, repository, manifest);
    const layers =
      (
        JSON.parse(manifest.body.toString('utf8')) as {
          layers?: { digest: string; size: number }[];
        }
      ).layers ?? [];
    return {
      reference: `${this.config.REGISTRY_HOST}/${repository}@${digest}`,
      digest,
      layers: layers.map((l) => ({ digest: l.digest, size: l.size })),
    };
  }
}
