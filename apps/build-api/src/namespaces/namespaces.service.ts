import { Inject, Injectable } from '@nestjs/common';
import { isTerminalPhase } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { DataSource } from 'typeorm';
import { allows, type Principal } from '../auth/token-store.js';
import { ApiError } from '../http/api-error.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildRepository } from '../storage/build.repository.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { checkedNamespace, NAME_LABEL, namespaceNotFound, namespaceObject } from './namespace.js';

/** Namespaces: explicit create and delete, besides the implicit creation on first use. */
@Injectable()
export class NamespacesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly namespaces: NamespaceRepository,
    private readonly builds: BuildRepository,
  ) {}

  async create(body: Record<string, unknown>) {
    const { name, labels, object } = checkedNamespace(body);
    const row = await this.namespaces.create(name, labels, object);
    if (!row) {
      throw new ApiError('AlreadyExists', `namespaces "${name}" already exists`, {
        name,
        kind: 'namespaces',
      });
    }
    return namespaceObject(row);
  }

  /** The namespaces `principal` may see, filtered by an equality label selector. */
  async list(principal: Principal, selector: Record<string, string>) {
    const { [NAME_LABEL]: byName, ...labels } = selector;
    const rows = await this.namespaces.listRows(labels);
    const items = rows
      .filter(
        (r) => (byName === undefined || r.name === byName) && allows(principal, r.name, 'view'),
      )
      .map((r) => namespaceObject(r));
    const newest = Math.max(0, ...rows.map((r) => Number(r.resource_version)));
    return { items, resourceVersion: String(newest) };
  }

  async get(name: string) {
    const row = await this.namespaces.find(name);
    if (!row) {
      throw namespaceNotFound(name);
    }
    return namespaceObject(row);
  }

  /**
   * Deletes the namespace and, by cascade, every object in it. Builds still in flight are asked
   * to stop in the same transaction, so no worker keeps building for a namespace that is gone.
   */
  async delete(name: string) {
    return this.db.transaction(async (manager) => {
      const row = await this.namespaces.find(name, manager, true);
      if (!row) {
        throw namespaceNotFound(name);
      }
      for (const build of await this.builds.list(name, {}, manager)) {
        const uid = build.metadata.uid ?? '';
        if (!isTerminalPhase(build.status?.phase ?? 'New')) {
          const ref = { namespace: name, name: build.metadata.name ?? '', uid };
          await enqueueEvent(
            manager,
            Subjects.BuildCancelRequested,
            { build: ref },
            `${uid}:cancel`,
          );
        }
      }
      await this.namespaces.deleteWith(manager, name);
      return namespaceObject(row, new Date());
    });
  }
}
