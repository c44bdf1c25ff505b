import { Injectable } from '@nestjs/common';
import {
  validateBuildRequest,
  type Build,
  type BuildConfig,
  type BuildRequest,
} from '@kiln/build-types';
import type { EntityManager } from 'typeorm';
import { hasUnsupportedStrategy, isPaused } from '../buildconfigs/start-guards.js';
import { ApiError } from '../http/api-error.js';
import { BuildImageResolver } from '../imagestreams/build-image-resolver.service.js';
import { BuildRepository, type BinaryUpload } from '../storage/build.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import { BuildScheduler } from './build-scheduler.js';
import { transition, unsupportedStrategy } from './build-transitions.js';
import { cloneBuild } from './clone-build.js';
import { generateBuild } from './generate-build.js';
import { enqueuePhaseChanged } from './phase-changed.js';

/** A BuildRequest body for `name` (a BuildConfig, or a Build for clone), validated. */
export function buildRequestOf(name: string, body: Record<string, unknown>): BuildRequest {
  const result = validateBuildRequest({
    kind: 'BuildRequest',
    ...body,
    metadata: { name, ...(body.metadata as object) },
  });
  if (!result.ok) {
    throw ApiError.invalid('BuildRequest', name, result.errors);
  }
  return result.value;
}

/** Why OpenShift would refuse to start a build of `config`: it is paused. */
export function refuseToStart(config: BuildConfig): void {
  if (isPaused(config)) {
    throw new ApiError(
      'BadRequest',
      `can't instantiate from BuildConfig ${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''}: BuildConfig is paused`,
    );
  }
}

/**
 * Creates numbered builds: instantiate (from a BuildConfig) and clone (from a Build). The caller
 * holds the BuildConfig's row lock, so numbers are gapless and never repeat; the run policy then
 * decides whether the new build starts.
 */
@Injectable()
export class BuildGenerator {
  constructor(
    private readonly objects: ObjectRepository,
    private readonly builds: BuildRepository,
    private readonly scheduler: BuildScheduler,
    private readonly images: BuildImageResolver,
  ) {}

  async instantiate(
    manager: EntityManager,
    config: BuildConfig,
    request: BuildRequest,
    binary?: BinaryUpload,
  ): Promise<Build> {
    refuseToStart(config);
    const lastVersion = config.status?.lastVersion ?? 0;
    if (
      request.lastVersion !== undefined &&
      request.lastVersion !== null &&
      request.lastVersion !== lastVersion
    ) {
      throw new ApiError(
        'Conflict',
        `The lastVersion (${request.lastVersion}) of BuildConfig ${config.metadata.name ?? ''} does not match the current lastVersion (${lastVersion})`,
      );
    }
    this.images.refuseDuplicate(config, request);
    return this.numbered(
      manager,
      config,
      (n) => generateBuild(config, request, n),
      binary,
      request,
    );
  }

  /** `config` undefined: the original's BuildConfig is gone, and the clone starts at once. */
  async clone(
    manager: EntityManager,
    original: Build,
    config: BuildConfig | undefined,
    request: BuildRequest,
  ): Promise<Build> {
    if (!config) {
      const { build: clone } = await this.images.resolve(
        manager,
        cloneBuild(original, request, undefined),
      );
      const build = await this.store(manager, clone);
      return (await this.scheduler.start(manager, build, new Date())) ?? build;
    }
    refuseToStart(config);
    return this.numbered(manager, config, (n) => cloneBuild(original, request, n));
  }

  /**
   * Numbers, resolves (image stream references become pull specs, or the build waits in New:
   * see BuildImageResolver) and stores the build; an instantiate `request` also updates the
   * config's ImageChange trigger bookkeeping.
   */
  private async numbered(
    manager: EntityManager,
    config: BuildConfig,
    make: (number: number) => Build,
    binary?: BinaryUpload,
    request?: BuildRequest,
  ): Promise<Build> {
    const namespace = config.metadata.namespace ?? '';
    const number = (config.status?.lastVersion ?? 0) + 1;
    const { build: generated, used } = await this.images.resolve(manager, make(number));
    const imageChangeTriggers = request
      ? await this.images.triggerStatuses(manager, config, request, used)
      : undefined;
    await this.objects.update(manager, 'BuildConfig', namespace, {
      ...config,
      status: {
        ...config.status,
        lastVersion: number,
        ...(imageChangeTriggers ? { imageChangeTriggers } : {}),
      },
    } as StoredObject);
    const build = await this.store(manager, generated, binary);
    const started = await this.scheduler.schedule(
      manager,
      namespace,
      config.metadata.name ?? '',
      config.spec?.runPolicy ?? undefined,
    );
    return started.find((b) => b.metadata.uid === build.metadata.uid) ?? build;
  }

  /**
   * Inserts a generated build. One no worker can run is failed in the same transaction, its end
   * announced through the outbox like any other, and never queued for the workers.
   */
  private async store(manager: EntityManager, build: Build, binary?: BinaryUpload): Promise<Build> {
    const stored = await this.builds.insert(manager, build, binary);
    const failed = hasUnsupportedStrategy(stored.spec)
      ? transition(stored, unsupportedStrategy(new Date()))
      : undefined;
    if (!failed) {
      return stored;
    }
    const saved = await this.builds.save(manager, failed);
    await enqueuePhaseChanged(manager, stored, saved);
    return saved;
  }
}
