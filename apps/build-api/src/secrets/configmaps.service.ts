import { Inject, Injectable } from '@nestjs/common';
import { validateConfigMap, type ConfigMap } from '@kiln/build-types';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { equalityLabels } from '../http/label-selector.js';
import type { Scan } from '../http/list-page.js';
import type { Selection } from '../http/list-query.js';
import { applyPatch } from '../http/patch-request.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import { configMapContentErrors, configMapUpdateErrors } from './configmap-rules.js';
import { coreNotFound, deletedStatus, placed, text } from './core-object.js';

const KIND = 'ConfigMap';

/** ConfigMaps as Kubernetes serves them; stored whole in the objects table. */
@Injectable()
export class ConfigMapsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly objects: ObjectRepository,
    private readonly namespaces: NamespaceRepository,
  ) {}

  private checked(namespace: string, body: Record<string, unknown>, urlName?: string): ConfigMap {
    const candidate = placed(KIND, namespace, body, urlName);
    const result = validateConfigMap(candidate);
    const errors = result.ok ? configMapContentErrors(result.value) : result.errors;
    if (!result.ok || errors.length > 0) {
      throw ApiError.invalid(KIND, text(candidate.metadata.name), errors);
    }
    return result.value;
  }

  async create(namespace: string, body: Record<string, unknown>): Promise<ConfigMap> {
    const configMap = this.checked(namespace, body);
    await this.namespaces.ensure(namespace);
    return this.db.transaction(
      async (manager) =>
        (await this.objects.create(
          manager,
          KIND,
          namespace,
          configMap as StoredObject,
        )) as ConfigMap,
    );
  }

  async find(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return await this.objects.get(KIND, namespace, name);
  }

  async get(namespace: string, name: string): Promise<ConfigMap> {
    const found = await this.find(namespace, name);
    if (!found) {
      throw coreNotFound(KIND, name);
    }
    return found;
  }

  /** ConfigMaps in name order for lists and watches; `key=value` labels filtered in SQL. */
  scan(namespace: string, selection: Selection): Scan<ConfigMap> {
    const labels = equalityLabels(selection.labels);
    return async (after, size) =>
      (await this.objects.list(KIND, namespace, { labels, limit: size, after })).items;
  }

  async replace(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<ConfigMap> {
    const next = this.checked(namespace, body, name);
    return this.db.transaction(async (manager) =>
      this.store(manager, await this.locked(namespace, name, manager), next),
    );
  }

  /** PATCH (merge, JSON or strategic-merge): the patched ConfigMap is stored like a PUT body. */
  async patch(
    namespace: string,
    name: string,
    contentType: string | undefined,
    body: unknown,
  ): Promise<ConfigMap> {
    return this.db.transaction(async (manager) => {
      const current = await this.locked(namespace, name, manager);
      const next = this.checked(namespace, applyPatch(contentType, current, body), name);
      return this.store(manager, current, next);
    });
  }

  private async locked(namespace: string, name: string, manager: EntityManager) {
    const current = (await this.objects.get(KIND, namespace, name, manager, true)) as
      ConfigMap | undefined;
    if (!current) {
      throw coreNotFound(KIND, name);
    }
    return current;
  }

  private async store(
    manager: EntityManager,
    current: ConfigMap,
    next: ConfigMap,
  ): Promise<ConfigMap> {
    const stored = await this.objects.update(
      manager,
      KIND,
      current.metadata.namespace ?? '',
      next as StoredObject,
      next.metadata.resourceVersion ?? undefined,
    );
    const errors = configMapUpdateErrors(current, next);
    if (errors.length > 0) {
      throw ApiError.invalid(KIND, next.metadata.name ?? '', errors);
    }
    return stored;
  }

  async delete(namespace: string, name: string) {
    return this.db.transaction(async (manager) => {
      if (!(await this.objects.get(KIND, namespace, name, manager, true))) {
        throw coreNotFound(KIND, name);
      }
      const deleted = await this.objects.delete(manager, KIND, namespace, name);
      return deletedStatus(KIND, name, deleted.metadata.uid);
    });
  }
}
