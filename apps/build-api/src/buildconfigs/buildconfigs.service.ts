import { Inject, Injectable } from '@nestjs/common';
import {
  applyBuildConfigDefaults,
  BuildAnnotation,
  validateBuildConfig,
  validateBuildRequest,
  type Build,
  type BuildConfig,
  type BuildRequest,
} from '@kiln/build-types';
import { DataSource, type EntityManager } from 'typeorm';
import { BuildScheduler } from '../builds/build-scheduler.js';
import { generateBuild } from '../builds/generate-build.js';
import { ApiError } from '../http/api-error.js';
import { BuildRepository } from '../storage/build.repository.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';

const KIND = 'BuildConfig';

/** BuildConfig CRUD and instantiation: numbering, generation and run policy in one transaction. */
@Injectable()
export class BuildConfigsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly objects: ObjectRepository,
    private readonly builds: BuildRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly scheduler: BuildScheduler,
  ) {}

  private checked(namespace: string, body: Record<string, unknown>, name?: string): BuildConfig {
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
      // A ConfigChange trigger starts the first build when the config is created.
      const configChange = stored.spec?.triggers?.some((t) => t.type === 'ConfigChange');
      if (
        configChange &&
        (stored.status?.lastVersion ?? 0) === 0 &&
        stored.spec?.source?.type !== 'Binary'
      ) {
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

  list(
    namespace: string,
    options: { labels?: Record<string, string>; limit?: number; after?: string },
  ) {
    return this.objects.list(KIND, namespace, options);
  }

  async replace(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<BuildConfig> {
    const config = this.checked(namespace, body, name);
    return this.db.transaction(async (manager) => {
      const current = (await this.objects.mustGet(KIND, namespace, name, manager)) as BuildConfig;
      // Status belongs to the server: a PUT keeps lastVersion, so numbering never goes back.
      const next = {
        ...config,
        status: { ...config.status, lastVersion: current.status?.lastVersion ?? 0 },
      };
      return (await this.objects.update(
        manager,
        KIND,
        namespace,
        next as StoredObject,
        config.metadata.resourceVersion ?? undefined,
      )) as BuildConfig;
    });
  }

  async delete(namespace: string, name: string, orphan: boolean): Promise<BuildConfig> {
    return this.db.transaction(async (manager) => {
      const deleted = (await this.objects.delete(manager, KIND, namespace, name)) as BuildConfig;
      if (!orphan) {
        for (const build of await this.builds.list(namespace, { buildConfig: name }, manager)) {
          await this.builds.delete(manager, namespace, build.metadata.name ?? '');
        }
      }
      return deleted;
    });
  }

  async instantiate(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<Build> {
    const result = validateBuildRequest({
      kind: 'BuildRequest',
      ...body,
      metadata: { name, ...(body.metadata as object) },
    });
    if (!result.ok) {
      throw ApiError.invalid('BuildRequest', name, result.errors);
    }
    return this.db.transaction(async (manager) => {
      const config = (await this.objects.mustGet(
        KIND,
        namespace,
        name,
        manager,
        true,
      )) as BuildConfig;
      return this.instantiateLocked(manager, config, result.value);
    });
  }

  /** The caller holds the BuildConfig's row lock: numbers are gapless and never repeat. */
  private async instantiateLocked(
    manager: EntityManager,
    config: BuildConfig,
    request: BuildRequest,
  ): Promise<Build> {
    const name = config.metadata.name ?? '';
    const paused = config.metadata.annotations?.[BuildAnnotation.BuildConfigPaused];
    if (paused !== undefined && paused.toLowerCase() === 'true') {
      throw new ApiError(
        'BadRequest',
        `can't instantiate from BuildConfig ${config.metadata.namespace ?? ''}/${name}: BuildConfig is paused`,
      );
    }
    const lastVersion = config.status?.lastVersion ?? 0;
    if (
      request.lastVersion !== undefined &&
      request.lastVersion !== null &&
      request.lastVersion !== lastVersion
    ) {
      throw new ApiError(
        'Conflict',
        `The lastVersion (${request.lastVersion}) of BuildConfig ${name} does not match the current lastVersion (${lastVersion})`,
      );
    }
    if (config.spec?.strategy?.type === 'JenkinsPipeline') {
      throw new ApiError(
        'BadRequest',
        'builds of the JenkinsPipeline strategy are not supported by Kiln (UnsupportedBuildStrategy)',
      );
    }
    const number = lastVersion + 1;
    await this.objects.update(manager, KIND, config.metadata.namespace ?? '', {
      ...config,
      status: { ...config.status, lastVersion: number },
    } as StoredObject);
    const build = await this.builds.insert(manager, generateBuild(config, request, number));
    const started = await this.scheduler.schedule(
      manager,
      config.metadata.namespace ?? '',
      name,
      config.spec?.runPolicy ?? undefined,
    );
    return started.find((b) => b.metadata.uid === build.metadata.uid) ?? build;
  }
}
