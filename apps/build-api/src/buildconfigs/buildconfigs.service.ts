import { Inject, Injectable } from '@nestjs/common';
import {
  applyBuildConfigDefaults,
  validateBuildConfig,
  type Build,
  type BuildConfig,
  type BuildRequest,
} from '@kiln/build-types';
import { DataSource, type EntityManager } from 'typeorm';
import { BuildGenerator, buildRequestOf } from '../builds/build-generator.js';
import { BuildsService } from '../builds/builds.service.js';
import { ApiError } from '../http/api-error.js';
import { checkPreconditions, type DeleteOptions } from '../http/delete-options.js';
import { equalityLabels } from '../http/label-selector.js';
import type { Scan } from '../http/list-page.js';
import type { Selection } from '../http/list-query.js';
import { applyPatch } from '../http/patch-request.js';
import { BuildRepository, type BinaryUpload } from '../storage/build.repository.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import { hasBinarySource } from './start-guards.js';

const KIND = 'BuildConfig';

/** BuildConfig CRUD and instantiation: numbering, generation and run policy in one transaction. */
@Injectable()
export class BuildConfigsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly objects: ObjectRepository,
    private readonly builds: BuildRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly generator: BuildGenerator,
    private readonly buildsService: BuildsService,
  ) {}

  private checked(namespace: string, body: Record<string, unknown>, name?: string): BuildConfig {
    // Kubernetes refuses an object of another kind sent to a kind's path (e.g. a Build to buildconfigs).
    if (body.kind !== undefined && body.kind !== KIND) {
      throw new ApiError(
        'BadRequest',
        `the object is of kind ${JSON.stringify(body.kind)}, but this path takes a ${KIND}`,
      );
    }
    const candidate = { ...body, metadata: { ...(body.metadata as object), namespace } };
    const result = validateBuildConfig(candidate);
    if (!result.ok) {
      const name = (body.metadata as { name?: unknown } | undefined)?.name;
      throw ApiError.invalid(KIND, typeof name === 'string' ? name : '', result.errors);
    }
    if (name !== undefined && result.value.metadata.name !== name) {
      throw new ApiError(
        'BadRequest',
        `the name of the object (${result.value.metadata.name ?? ''}) does not match the name in the URL (${name})`,
      );
    }
    return applyBuildConfigDefaults(result.value);
  }

  async create(namespace: string, body: Record<string, unknown>): Promise<BuildConfig> {
    const config = this.checked(namespace, body);
    await this.namespaces.ensure(namespace);
    return this.db.transaction(async (manager) => {
      const stored = (await this.objects.create(
        manager,
        KIND,
        namespace,
        config as StoredObject,
      )) as BuildConfig;
      // A ConfigChange trigger starts the first build when the config is created, unless the
      // build needs an upload the trigger cannot give.
      const configChange = stored.spec?.triggers?.some((t) => t.type === 'ConfigChange');
      if (configChange && (stored.status?.lastVersion ?? 0) === 0 && !hasBinarySource(stored)) {
        await this.instantiateLocked(manager, stored, {
          kind: 'BuildRequest',
          metadata: { name: stored.metadata.name },
          triggeredBy: [{ message: 'Build configuration change' }],
        });
        return (await this.objects.mustGet(
          KIND,
          namespace,
          stored.metadata.name ?? '',
          manager,
        )) as BuildConfig;
      }
      return stored;
    });
  }

  async get(namespace: string, name: string): Promise<BuildConfig> {
    return (await this.objects.mustGet(KIND, namespace, name)) as BuildConfig;
  }

  /** BuildConfigs in name order for lists and watches; `key=value` labels filtered in SQL. */
  scan(namespace: string, selection: Selection): Scan<BuildConfig> {
    const labels = equalityLabels(selection.labels);
    return async (after, size) =>
      (await this.objects.list(KIND, namespace, { labels, limit: size, after }))
        .items as BuildConfig[];
  }

  async replace(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<BuildConfig> {
    const config = this.checked(namespace, body, name);
    return this.db.transaction(async (manager) => {
      const current = (await this.objects.mustGet(
        KIND,
        namespace,
        name,
        manager,
        true,
      )) as BuildConfig;
      return this.store(manager, current, config);
    });
  }

  /** PATCH: the patched object is validated and stored like a PUT body. */
  async patch(
    namespace: string,
    name: string,
    contentType: string | undefined,
    body: unknown,
  ): Promise<BuildConfig> {
    return this.db.transaction(async (manager) => {
      const current = (await this.objects.mustGet(
        KIND,
        namespace,
        name,
        manager,
        true,
      )) as BuildConfig;
      const config = this.checked(namespace, applyPatch(contentType, current, body), name);
      return this.store(manager, current, config);
    });
  }

  /**
   * Status belongs to the server: an update keeps lastVersion, so numbering never goes back, and
   * the ImageChange trigger bookkeeping, so re-applying a manifest does not rebuild images.
   */
  private async store(
    manager: EntityManager,
    current: BuildConfig,
    config: BuildConfig,
  ): Promise<BuildConfig> {
    const triggers = current.status?.imageChangeTriggers ?? config.status?.imageChangeTriggers;
    const next = {
      ...config,
      status: {
        ...config.status,
        lastVersion: current.status?.lastVersion ?? 0,
        ...(triggers ? { imageChangeTriggers: triggers } : {}),
      },
    };
    return (await this.objects.update(
      manager,
      KIND,
      current.metadata.namespace ?? '',
      next as StoredObject,
      config.metadata.resourceVersion ?? undefined,
    )) as BuildConfig;
  }

  /**
   * Deletes the BuildConfig and its builds (running ones cancelled first), or with Orphan keeps
   * the builds, no longer owned by it.
   */
  async delete(namespace: string, name: string, options: DeleteOptions): Promise<BuildConfig> {
    return this.db.transaction(async (manager) => {
      const current = await this.objects.mustGet(KIND, namespace, name, manager, true);
      checkPreconditions(KIND, name, options.preconditions, current.metadata);
      const deleted = (await this.objects.delete(manager, KIND, namespace, name)) as BuildConfig;
      for (const build of await this.builds.list(namespace, { buildConfig: name }, manager)) {
        await (options.orphan
          ? this.buildsService.orphanIn(manager, build, deleted.metadata.uid ?? '')
          : this.buildsService.deleteIn(manager, build));
      }
      return deleted;
    });
  }

  async instantiate(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<Build> {
    const request = buildRequestOf(name, body);
    return this.db.transaction(async (manager) => {
      const config = (await this.objects.mustGet(
        KIND,
        namespace,
        name,
        manager,
        true,
      )) as BuildConfig;
      return this.instantiateLocked(manager, config, request);
    });
  }

  /**
   * instantiatebinary, once the upload is stored: the build carries it to the workers. Without
   * one only for a build that never runs (see BinaryBuildService).
   */
  async instantiateBinary(
    namespace: string,
    name: string,
    request: BuildRequest,
    upload?: BinaryUpload,
  ): Promise<Build> {
    return this.db.transaction(async (manager) => {
      const config = (await this.objects.mustGet(
        KIND,
        namespace,
        name,
        manager,
        true,
      )) as BuildConfig;
      return this.instantiateLocked(manager, config, request, upload);
    });
  }

  /** The caller holds the BuildConfig's row lock: numbers are gapless and never repeat. */
  private instantiateLocked(
    manager: EntityManager,
    config: BuildConfig,
    request: BuildRequest,
    upload?: BinaryUpload,
  ): Promise<Build> {
    return this.generator.instantiate(manager, config, request, upload);
  }
}
