import { Inject, Injectable } from '@nestjs/common';
import { validateSecret, type Secret } from '@kiln/build-types';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { equalityLabels } from '../http/label-selector.js';
import type { Scan } from '../http/list-page.js';
import type { Selection } from '../http/list-query.js';
import { applyPatch } from '../http/patch-request.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import { coreNotFound, deletedStatus, placed, sizeErrors, text } from './core-object.js';
import { SecretCipher, UnsealError, type SealedData } from './secret-cipher.js';
import { SecretDataRepository } from './secret-data.repository.js';
import {
  dataBytes,
  joinSecret,
  secretUpdateErrors,
  splitSecret,
  type SecretData,
  type SplitSecret,
} from './secret-rules.js';

const KIND = 'Secret';

/**
 * Secrets as Kubernetes serves them. Values are sealed with the current key on every write, in
 * the transaction that writes the object, and never appear in a log line or an error message.
 */
@Injectable()
export class SecretsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly objects: ObjectRepository,
    private readonly sealedData: SecretDataRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly cipher: SecretCipher,
  ) {}

  private checked(namespace: string, body: Record<string, unknown>, urlName?: string) {
    const candidate = placed(KIND, namespace, body, urlName);
    const result = validateSecret(candidate);
    if (!result.ok) {
      throw ApiError.invalid(KIND, text(candidate.metadata.name), result.errors);
    }
    const split = splitSecret(result.value);
    const tooLarge = sizeErrors(dataBytes(split.data));
    if (tooLarge.length > 0) {
      throw ApiError.invalid(KIND, text(candidate.metadata.name), tooLarge);
    }
    return split;
  }

  private seal(data: SecretData, uid: string): SealedData {
    return this.cipher.seal(Buffer.from(JSON.stringify(data)), uid);
  }

  private open(object: StoredObject, sealed: SealedData | undefined): SecretData {
    if (!sealed) {
      return {};
    }
    try {
      return JSON.parse(
        this.cipher.open(sealed, object.metadata.uid ?? '').toString(),
      ) as SecretData;
    } catch (error) {
      const why = error instanceof UnsealError ? error.message : 'the stored data is corrupt';
      throw new ApiError(
        'InternalError',
        `the data of secret "${object.metadata.name}" cannot be decrypted (${why}); check KILN_SECRET_KEY and KILN_SECRET_KEYS_OLD`,
      );
    }
  }

  private async withData(objects: StoredObject[], manager?: EntityManager): Promise<Secret[]> {
    const sealed = await this.sealedData.getMany(
      objects.map((o) => o.metadata.uid ?? ''),
      manager,
    );
    return objects.map((o) =>
      joinSecret({ object: o, data: this.open(o, sealed.get(o.metadata.uid ?? '')) }),
    );
  }

  async create(namespace: string, body: Record<string, unknown>): Promise<Secret> {
    const next = this.checked(namespace, body);
    await this.namespaces.ensure(namespace);
    return this.db.transaction(async (manager) => {
      const stored = await this.objects.create(
        manager,
        KIND,
        namespace,
        next.object as StoredObject,
      );
      await this.sealedData.put(
        manager,
        stored.metadata.uid ?? '',
        this.seal(next.data, stored.metadata.uid ?? ''),
      );
      return joinSecret({ object: stored, data: next.data });
    });
  }

  /** The Secret with its values decrypted, or undefined when it does not exist. */
  async find(namespace: string, name: string): Promise<Secret | undefined> {
    const object = await this.objects.get(KIND, namespace, name);
    return object ? (await this.withData([object]))[0] : undefined;
  }

  async get(namespace: string, name: string): Promise<Secret> {
    const found = await this.find(namespace, name);
    if (!found) {
      throw coreNotFound(KIND, name);
    }
    return found;
  }

  /**
   * Secrets in name order, with their values, for lists and watches; `key=value` labels
   * filtered in SQL. Each batch's data is read and decrypted in one query.
   */
  scan(namespace: string, selection: Selection): Scan<Secret> {
    const labels = equalityLabels(selection.labels);
    return async (after, size) =>
      this.withData(
        (await this.objects.list(KIND, namespace, { labels, limit: size, after })).items,
      );
  }

  /**
   * A Secret from the change history (which holds the object without its data) with its data
   * joined as a GET would. The data is the current one: history keeps no past values, so a
   * replayed MODIFIED carries the newest data. Once the Secret is deleted its data row is gone
   * too, so a DELETED event (or an older event replayed after the delete) has no data.
   */
  async hydrate(object: Record<string, unknown>): Promise<Secret> {
    const [secret] = await this.withData([object as StoredObject]);
    return secret as Secret;
  }

  /** Replaces the Secret; its values are sealed again with the current key (rotation on write). */
  async replace(namespace: string, name: string, body: Record<string, unknown>): Promise<Secret> {
    const next = this.checked(namespace, body, name);
    return this.db.transaction(async (manager) =>
      this.store(manager, await this.locked(namespace, name, manager), next),
    );
  }

  /** PATCH (merge, JSON or strategic-merge): the patched Secret is stored like a PUT body. */
  async patch(
    namespace: string,
    name: string,
    contentType: string | undefined,
    body: unknown,
  ): Promise<Secret> {
    return this.db.transaction(async (manager) => {
      const object = await this.locked(namespace, name, manager);
      const [current] = await this.withData([object], manager);
      const next = this.checked(namespace, applyPatch(contentType, current ?? object, body), name);
      return this.store(manager, object, next);
    });
  }

  private async locked(namespace: string, name: string, manager: EntityManager) {
    const object = await this.objects.get(KIND, namespace, name, manager, true);
    if (!object) {
      throw coreNotFound(KIND, name);
    }
    return object;
  }

  private async store(
    manager: EntityManager,
    object: StoredObject,
    next: SplitSecret,
  ): Promise<Secret> {
    const name = object.metadata.name;
    const stored = await this.objects.update(
      manager,
      KIND,
      object.metadata.namespace ?? '',
      next.object as StoredObject,
      next.object.metadata.resourceVersion ?? undefined,
    );
    // Only an immutable Secret needs its old values, so a Secret sealed with a lost key can
    // still be overwritten.
    const current: SplitSecret = {
      object,
      data:
        object.immutable === true ? ((await this.withData([object], manager))[0]?.data ?? {}) : {},
    };
    const errors = secretUpdateErrors(current, next);
    if (errors.length > 0) {
      throw ApiError.invalid(KIND, name, errors);
    }
    const uid = stored.metadata.uid ?? '';
    await this.sealedData.put(manager, uid, this.seal(next.data, uid));
    return joinSecret({ object: stored, data: next.data });
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
