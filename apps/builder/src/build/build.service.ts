import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BuildLabel, type Build } from '@kiln/build-types';
import {
  apiHost,
  credentialsForRegistry,
  inspectImage,
  manifestReference,
  ociAccept,
  parseImageReference,
  pullBundleRef,
  RegistryClient,
} from '@kiln/artifact-store';
import { buildRefOf, type BuildLogWriter, type EventOf } from '@kiln/events';
import { ObjectResolver, objectKey, StageFailure, type ResolvedObjects } from '@kiln/service-kit';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildCgroup } from '../limits/build-cgroup.js';
import { parseQuantity } from '../limits/quantity.js';
import { BaseImages } from '../storage/base-images.js';
import { BuilderStorage, type LayerCache } from '../storage/builder-storage.js';
import { budArgs, pushArgs } from './buildah-args.js';
import { BuildahRunner } from './buildah.runner.js';
import { objectsNeeded, placeBuildInputs } from './build-inputs.js';
import { BuilderMetrics } from './builder.metrics.js';
import { CustomBuild } from './custom-build.js';
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

const timed = (name: string, started: Date): Step => ({
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
    const cache = this.storage.acquire(build.metadata.namespace ?? '', buildConfigOf(build));
    const steps: Step[] = [];
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
      // A RUN that prints a mounted secret must not put it in the build log.
      for (const object of objects.values()) {
        if (object.kind === 'Secret') {
          log.redact(
            ...Object.values(object.data).map((v) => Buffer.from(v, 'base64').toString('utf8')),
          );
        }
      }
      const inputs = placeBuildInputs(job, objects, { bundleRoot, work });
      steps.push(timed('PullSourceBundle', started));

      started = new Date();
      const strategy = build.spec.strategy?.dockerStrategy ?? build.spec.strategy?.sourceStrategy;
      try {
        const report = await this.bases.ensure(job.baseImages, {
          forcePull: strategy?.forcePull === true,
          ...(inputs.authfile ? { authfile: inputs.authfile } : {}),
          log: (line) => log.line(line),
          signal,
        });
        this.metrics.basePulls.inc({ result: 'pulled' }, report.pulled.length);
        this.metrics.basePulls.inc({ result: 'reused' }, report.reused.length);
      } catch (error) {
        this.throwIfCancelled(signal);
        throw new StageFailure('PullBuilderImageFailed', (error as Error).message);
      }
      steps.push(timed('PullImages', started));

      if (job.custom) {
        started = new Date();
        try {
          await this.custom.run(
            job.custom,
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
        steps.push(timed('CustomBuild', started));
        return { image: await this.customOutput(job, objects), steps };
      }

      started = new Date();
      const dockerfile = join(work, 'Dockerfile.kiln');
      writeFileSync(dockerfile, job.dockerfile);
      const iidFile = join(work, 'image-id');
      log.line(`Building with buildah (isolation chroot, layer cache ${cache.key})`);
      let cacheHits = 0;
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
          format: 'oci',
          insecure: true,
          squash: job.layers === 'SkipLayers',
          volumes: inputs.volumes,
          ...(inputs.authfile ? { authfile: inputs.authfile } : {}),
        }),
        (line) => {
          if (line.startsWith('--> Using cache')) {
            cacheHits++;
          }
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
      this.metrics.cacheHits.inc(cacheHits);
      log.line(`Layer cache: ${cacheHits} step(s) reused`);
      steps.push(timed('DockerBuild', started));

      started = new Date();
      const imageId = readFileSync(iidFile, 'utf8')
        .trim()
        .replace(/^sha256:/, '');
      const built = await this.pushToStaging(build, imageId, work, cache, signal);
      steps.push(timed('StoreStagingImage', started));
      log.line(`Built ${built.digest}`);
      return { image: built, steps };
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

  /**
   * What a custom builder pushed: OUTPUT_IMAGE read back from its registry with the push secret.
   * No OUTPUT_IMAGE (no output) is a build without an image, as OpenShift allows.
   */
  private async customOutput(job: Job, objects: ResolvedObjects): Promise<Built['image']> {
    const output = job.custom?.env.find((e) => e.name === 'OUTPUT_IMAGE')?.value;
    if (!output) {
      return { reference: '', digest: '', layers: [] };
    }
    const ref = parseImageReference(output);
    const pushSecret = (job.build as Build).spec.output?.pushSecret?.name;
    const secret = pushSecret
      ? objects.get(objectKey({ kind: 'Secret', name: pushSecret }))
      : undefined;
    const credentials = secret ? credentialsForRegistry(secret, ref.registry) : undefined;
    const client =
      ref.registry === this.config.REGISTRY_HOST
        ? this.registry
        : new RegistryClient({
            host: apiHost(ref.registry),
            ...(credentials ? { credentials } : {}),
          });
    try {
      const image = await inspectImage(client, ref.repository, manifestReference(ref));
      return {
        reference: `${ref.registry}/${ref.repository}@${image.digest}`,
        digest: image.digest,
        layers: image.layers,
      };
    } catch (error) {
      throw new StageFailure(
        'PushImageToRegistryFailed',
        `the custom builder finished but ${output} cannot be read back: ${(error as Error).message}`,
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
        'PostCommitHookFailed',
        'Build failed because of post commit hook.',
        snippet,
      );
    }
    throw new StageFailure('DockerBuildFailed', 'Docker build strategy has failed.', snippet);
  }

  private async pushToStaging(
    build: Build,
    imageId: string,
    work: string,
    cache: LayerCache,
    signal: AbortSignal,
  ): Promise<Built['image']> {
    const repository = `kiln-staging/${build.metadata.namespace ?? ''}/${build.metadata.name ?? ''}`;
    const staging = `${this.config.REGISTRY_HOST}/${repository}:${build.metadata.uid ?? ''}`;
    const digestFile = join(work, 'digest');
    const push = await this.buildah.run(
      pushArgs(imageId, staging, digestFile, true),
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
