import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { checkPreconditions, type DeleteOptions } from '../http/delete-options.js';
import { equalityLabels } from '../http/label-selector.js';
import type { Scan } from '../http/list-page.js';
import type { Selection } from '../http/list-query.js';
import { applyPatch } from '../http/patch-request.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { prepareCreate, prepareUpdate } from './image-stream-spec.js';
import { validateImageStream } from './image-stream-rules.js';
import { ImageStreamRepository, STREAM_KIND } from './image-stream.repository.js';
import { IMAGE_GROUP, type ImageStream } from './image-stream.schema.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';

export const streamNotFound = (name: string): ApiError =>
  ApiError.notFound(STREAM_KIND, name, IMAGE_GROUP);

/**
 * ImageStream CRUD. The spec is the user's; the status (repository, tag history) the server's.
 * After every write the stream's spec tags are synced and the fan-out runs (imports, tracking,
 * builds waiting for this stream), outside the request.
 */
@Injectable()
export class ImageStreamsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly streams: ImageStreamRepository,
    private readonly objects: ObjectRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly fanout: ImageChangeFanout,
  ) {}

  private checked(namespace: string, body: Record<string, unknown>, urlName?: string): ImageStream {
    const metadata = (body.metadata ?? {}) as Record<string, unknown>;
    if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
      throw new ApiError(
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const result = validateImageStream(
      { ...body, metadata: { ...metadata, namespace } },
      namespace,
    );
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (!result.ok) {
      throw ApiError.invalid(STREAM_KIND, name, result.errors);
    }
    if (urlName !== undefined && name !== urlName) {
      throw new ApiError(
        'BadRequest',
        `the name of the object (${name}) does not match the name in the URL (${urlName})`,
      );
    }
    return result.value;
  }

  async create(namespace: string, body: Record<string, unknown>): Promise<ImageStream> {
    const stream = this.checked(namespace, body);
    await this.namespaces.ensure(namespace);
    const created = await this.db.transaction((manager) =>
      this.streams.create(
        manager,
        namespace,
        prepareCreate(stream, namespace, this.options.registryHost),
      ),
    );
    this.changed(created);
    return created;
  }

  async get(namespace: string, name: string): Promise<ImageStream> {
    const stream = await this.streams.get(namespace, name);
    if (!stream) {
      throw streamNotFound(name);
    }
    return stream;
  }

  /** Streams in name order for lists and watches; `key=value` labels filtered in SQL. */
  scan(namespace: string, selection: Selection): Scan<ImageStream> {
    const labels = equalityLabels(selection.labels);
    return async (after, size) =>
      (await this.objects.list(STREAM_KIND, namespace, { labels, limit: size, after })).items;
  }

  async replace(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
  ): Promise<ImageStream> {
    const next = this.checked(namespace, body, name);
    return this.modify(namespace, name, () => next);
  }

  /** PATCH (merge, JSON or strategic-merge): the patched stream is stored like a PUT body. */
  async patch(
    namespace: string,
    name: string,
    contentType: string | undefined,
    body: unknown,
  ): Promise<ImageStream> {
    return this.modify(namespace, name, (current) =>
      this.checked(namespace, applyPatch(contentType, current, body), name),
    );
  }

  private async modify(
    namespace: string,
    name: string,
    nextOf: (current: ImageStream) => ImageStream,
  ): Promise<ImageStream> {
    const stored = await this.db.transaction(async (manager) => {
      const current = await this.locked(manager, namespace, name);
      const next = nextOf(current);
      return this.streams.update(
        manager,
        prepareUpdate(current, next, this.options.registryHost),
        next.metadata.resourceVersion ?? undefined,
      );
    });
    this.changed(stored);
    return stored;
  }

  async delete(namespace: string, name: string, options: DeleteOptions): Promise<ImageStream> {
    return this.db.transaction(async (manager) => {
      const current = await this.locked(manager, namespace, name);
      checkPreconditions(STREAM_KIND, name, options.preconditions, current.metadata);
      return await this.objects.delete(manager, STREAM_KIND, namespace, name);
    });
  }

  private async locked(
    manager: EntityManager,
    namespace: string,
    name: string,
  ): Promise<ImageStream> {
    const current = await this.streams.get(namespace, name, manager, true);
    if (!current) {
      throw streamNotFound(name);
    }
    return current;
  }

  /** Spec tags to sync, and builds waiting for this stream (an output needs it to exist). */
  private changed(stream: ImageStream): void {
    this.fanout.submit({
      streams: [{ namespace: stream.metadata.namespace ?? '', name: stream.metadata.name ?? '' }],
    });
  }
}
