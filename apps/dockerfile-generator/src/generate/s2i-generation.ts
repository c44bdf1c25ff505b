import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { Build } from '@kiln/build-types';
import {
  buildRefOf,
  SECRET_ENV_FILE,
  type BuildLogWriter,
  type ResolvedObject,
} from '@kiln/events';
import { ObjectResolver, objectKey, StageFailure } from '@kiln/service-kit';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from '../config/dockerfile-generator.config.js';
import { DockerfileGenerationError } from '../dockerfile/dockerfile-errors.js';
import { sourceSecretEnv, splitSecretEnv } from '../dockerfile/source-secret-env.js';
import { resolveAssembleUser } from '../s2i/assemble-user.js';
import { generateS2iDockerfile } from '../s2i/generate-s2i-dockerfile.js';
import { resolveScripts, SCRIPTS_URL_LABEL, type S2iScript } from '../s2i/resolve-scripts.js';
import { layOutS2iContext, readIfExists, scriptsInSource } from '../s2i/s2i-context.js';
import type { S2iInjection } from '../s2i/s2i-dockerfile-input.js';
import { parseS2iEnvironmentFile } from '../s2i/s2i-environment-file.js';
import { downloadScripts } from '../s2i/scripts-downloader.js';
import { buildInfoOf, imageLabelsOf, type Revision } from './build-info-of.js';
import { BuildEnv } from './build-env.js';
import { ImageInspector } from './image-inspector.js';
import {
  CONFIG_MOUNT_ROOT,
  SECRET_MOUNT_ROOT,
  sourceObjects,
  strategyVolumes,
} from './placements.js';
import type { StrategyOutput } from './strategy-output.js';

const DESTINATION_LABEL = 'io.openshift.s2i.destination';

/**
 * The Source strategy as OpenShift 4 runs it: inspect the builder image (labels, USER) without
 * pulling it, resolve scripts and the assemble user, and generate the Dockerfile plus the
 * `upload/` context it copies from.
 */
@Injectable()
export class S2iGeneration {
  constructor(
    @Inject(DOCKERFILE_GENERATOR_CONFIG) private readonly config: DockerfileGeneratorConfig,
    private readonly images: ImageInspector,
    private readonly objects: ObjectResolver,
    private readonly env: BuildEnv,
  ) {}

  async generate(
    build: Build,
    revision: Revision,
    sourceDir: string,
    workDir: string,
    log: BuildLogWriter,
  ): Promise<StrategyOutput> {
    const strategy = build.spec.strategy?.sourceStrategy;
    const from = strategy?.from;
    if (!from?.name || from.kind !== 'DockerImage') {
      throw new StageFailure(
        'InvalidImageReference',
        `spec.strategy.sourceStrategy.from: ${from?.kind ?? 'no'} ${from?.name ?? ''} could not be resolved to an image (only DockerImage references are resolved by this farm)`,
      );
    }
    const builderImage = from.name;
    const ref = buildRefOf(build as never);
    const pullSecret = await this.secret(
      build,
      strategy?.pullSecret?.name,
      'PullBuilderImageFailed',
    );

    log.line(`Inspecting builder image ${builderImage}`);
    let inspected;
    try {
      inspected = await this.images.inspect(builderImage, pullSecret);
    } catch (error) {
      throw new StageFailure(
        'PullBuilderImageFailed',
        `could not read the builder image ${builderImage}: ${(error as Error).message}`,
      );
    }
    const labels = inspected.config.Labels ?? {};
    const user = resolveAssembleUser(labels, inspected.config.User, {
      allowRoot: this.config.KILN_ALLOW_ROOT_BUILDS,
    });
    if (!user.ok) {
      throw new StageFailure(user.reason, user.message);
    }

    const contextDir = (build.spec.source?.contextDir ?? '').replace(/^\/+/, '');
    const source = resolve(sourceDir, contextDir);
    const scripts = await this.scripts(strategy?.scripts ?? undefined, labels, source, log);

    const sourceEnvironment = parseS2iEnvironmentFile(
      readIfExists(join(source, '.s2i', 'environment')) ?? '',
    );
    const { plain: env, secretNames } = splitSecretEnv(
      await this.env.resolve(build, strategy?.env),
    );

    const placed = sourceObjects(build);
    const resolved = await this.objects.resolve(ref, placed, 'FetchSourceFailed');
    const injections: S2iInjection[] = placed.map((o) => ({
      source: posix.join(o.kind === 'Secret' ? SECRET_MOUNT_ROOT : CONFIG_MOUNT_ROOT, o.name),
      destination: o.destinationDir,
      keep: o.kind === 'ConfigMap',
      files: Object.keys(resolved.get(objectKey(o))?.data ?? {}).sort(),
    }));

    const incremental = await this.incrementalFrom(build, log);
    let dockerfile: string;
    try {
      dockerfile = generateS2iDockerfile({
        builderImage,
        assembleUser: user.user,
        destination: labels[DESTINATION_LABEL],
        scripts: scripts.resolution,
        imageScriptsDir: scripts.imageScriptsDir,
        ...(strategy?.scripts ? { scriptsUrl: strategy.scripts } : {}),
        buildInfo: buildInfoOf(build, revision),
        sourceEnvironment,
        env,
        imageLabels: imageLabelsOf(build),
        ...(incremental ? { incremental: { fromImage: incremental } } : {}),
        injections,
        chownMode: this.config.KILN_S2I_CHOWN_MODE,
      });
    } catch (error) {
      if (error instanceof DockerfileGenerationError) {
        throw new StageFailure('ManageDockerfileFailed', error.message);
      }
      throw error;
    }
    if (secretNames.length > 0) {
      dockerfile = sourceSecretEnv(dockerfile, SECRET_ENV_FILE);
    }

    const context = join(workDir, 'context');
    mkdirSync(context, { recursive: true });
    layOutS2iContext(source, context, scripts.files);
    log.line(
      `Generated the S2I Dockerfile: builder ${builderImage}, assemble user ${user.user}${incremental ? `, incremental from ${incremental}` : ''}`,
    );
    return {
      dockerfile,
      buildArgs: {},
      baseImages: [builderImage, ...(incremental ? [incremental] : [])],
      // The builder pulls the previous image with the credentials it was checked with here.
      ...(incremental ? { incremental: incrementalPull(build, incremental) } : {}),
      contextDir: '',
      // One layer over the builder: secret files removed after assemble exist in no layer.
      layers: 'SkipLayers',
      injections: injections.map((i, index) => ({
        kind: placed[index]?.kind ?? 'Secret',
        name: placed[index]?.name ?? '',
        path: posix.join('upload/injections', i.source),
      })),
      volumes: strategyVolumes(strategy?.volumes),
      ...(strategy?.pullSecret?.name ? { pullSecret: strategy.pullSecret.name } : {}),
      ...(secretNames.length > 0 ? { secretEnv: secretNames } : {}),
      contextToPush: context,
    };
  }

  private async secret(
    build: Build,
    name: string | null | undefined,
    reason: string,
  ): Promise<ResolvedObject | undefined> {
    if (!name) {
      return undefined;
    }
    const found = await this.objects.resolve(
      buildRefOf(build as never),
      [{ kind: 'Secret', name }],
      reason,
    );
    return found.get(objectKey({ kind: 'Secret', name }));
  }

  /** Per script: scripts URL download, then `.s2i/bin`, then the image label's URL or dir. */
  private async scripts(
    scriptsUrl: string | undefined,
    labels: Record<string, string>,
    source: string,
    log: BuildLogWriter,
  ) {
    const options = {
      maxBytes: this.config.KILN_SCRIPT_MAX_BYTES,
      log: (l: string) => log.line(l),
    };
    const fromUrl = scriptsUrl
      ? await downloadScripts(scriptsUrl, options)
      : new Map<S2iScript, Buffer>();
    const imageScriptsUrl = scriptsUrl ? undefined : labels[SCRIPTS_URL_LABEL];
    const fromImageUrl =
      imageScriptsUrl && !imageScriptsUrl.startsWith('image://')
        ? await downloadScripts(imageScriptsUrl, options)
        : new Map<S2iScript, Buffer>();
    const inSource = scriptsInSource(source);
    const resolution = resolveScripts({
      ...(scriptsUrl ? { scriptsUrl } : {}),
      fetchedFromScriptsUrl: [...fromUrl.keys()],
      inSource: [...inSource.keys()],
      ...(imageScriptsUrl ? { imageScriptsUrl } : {}),
      fetchedFromImageScriptsUrl: [...fromImageUrl.keys()],
    });
    if (!resolution.ok) {
      throw new StageFailure(resolution.reason, resolution.message);
    }
    const files = new Map<S2iScript, Buffer>();
    for (const [script, chosen] of Object.entries(resolution.scripts) as [
      S2iScript,
      (typeof resolution.scripts)[S2iScript],
    ][]) {
      const content =
        chosen.kind === 'scripts-url'
          ? fromUrl.get(script)
          : chosen.kind === 'image-scripts-url'
            ? fromImageUrl.get(script)
            : chosen.kind === 'source'
              ? readFileBuffer(inSource.get(script))
              : undefined;
      if (content !== undefined) {
        files.set(script, content);
        log.line(
          `Using ${script} from ${chosen.kind === 'source' ? 'the source (.s2i/bin)' : (chosen as { url: string }).url}`,
        );
      }
    }
    return { resolution: resolution.scripts, imageScriptsDir: resolution.imageScriptsDir, files };
  }

  /** The previous output image when it can be read; otherwise the build goes on non-incremental. */
  private async incrementalFrom(build: Build, log: BuildLogWriter): Promise<string | undefined> {
    const strategy = build.spec.strategy?.sourceStrategy;
    const to = build.spec.output?.to;
    if (strategy?.incremental !== true || to?.kind !== 'DockerImage' || !to.name) {
      return undefined;
    }
    const pushSecret = await this.secret(
      build,
      build.spec.output?.pushSecret?.name,
      'PushImageToRegistryFailed',
    );
    if (await this.images.exists(to.name, pushSecret)) {
      return to.name;
    }
    log.line(
      `Incremental build: the previous image ${to.name} could not be pulled; building without artifacts`,
    );
    return undefined;
  }
}

/** The previous image and the Secret `incrementalFrom` read it with: the output's push secret. */
function incrementalPull(build: Build, image: string): { image: string; pullSecret?: string } {
  const pushSecret = build.spec.output?.pushSecret?.name;
  return { image, ...(pushSecret ? { pullSecret: pushSecret } : {}) };
}

function readFileBuffer(path: string | undefined): Buffer | undefined {
  return path !== undefined && existsSync(path) ? readFileSync(path) : undefined;
}
