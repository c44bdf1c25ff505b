import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { prepareCreate, prepareUpdate, withoutTag, withSpecTag } from './image-stream-spec.js';
import { fromErrors, validateImageStream, zodErrors } from './image-stream-rules.js';
import { imageStreamTagOf, imageStreamTagsOf } from './image-stream-tag.view.js';
import { ImageStreamRepository, STREAM_KIND } from './image-stream.repository.js';
import {
  IMAGE_GROUP,
  imageStreamTagBodySchema,
  type ImageStream,
  type TagReference,
} from './image-stream.schema.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { isStreamName, isTagName } from './tag-names.js';

const KIND = 'ImageStreamTag';

const tagNotFound = (name: string) => ApiError.notFound(KIND, name, IMAGE_GROUP);

/** `stream:tag` from the URL, checked. */
function parseName(name: string): { stream: string; tag: string } {
  const [stream = '', tag = ''] = name.split(':');
  if (name.split(':').length !== 2 || !isStreamName(stream) || !isTagName(tag)) {
    throw new ApiError('BadRequest', `"${name}" must be <stream>:<tag>`);
  }
  return { stream, tag };
}

/**
 * ImageStreamTags, a view of one tag of a stream: read it (404 until the tag points at an image,
 * as in OpenShift), set its spec tag (`oc tag`; the stream is created if missing), delete it.
 */
@Injectable()
export class ImageStreamTagsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly streams: ImageStreamRepository,
    private readonly objects: ObjectRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly fanout: ImageChangeFanout,
  ) {}

  async get(namespace: string, name: string): Promise<Record<string, unknown>> {
    const { stream, tag } = parseName(name);
    const found = await this.streams.get(namespace, stream);
    const view = found && imageStreamTagOf(found, tag);
    if (!view || !('image' in view)) {
      throw tagNotFound(name);
    }
    return view;
  }

  async list(namespace: string): Promise<Record<string, unknown>[]> {
    const page = await this.objects.list(STREAM_KIND, namespace, { limit: 100_000 });
    return (page.items as ImageStream[]).flatMap(imageStreamTagsOf);
  }

  /** PUT (create or replace) or POST (create only) of the spec tag. */
  async set(
    namespace: string,
    name: string,
    body: Record<string, unknown>,
    createOnly: boolean,
  ): Promise<Record<string, unknown>> {
    const { stream: streamName, tag: tagName } = parseName(name);
    const tag = this.checkedTag(name, body, tagName);
    await this.namespaces.ensure(namespace);
    const registry = this.options.registryHost;
    const stored = await this.db.transaction(async (manager) => {
      const current = await this.streams.get(namespace, streamName, manager, true);
      if (!current) {
        const created = withSpecTag({ metadata: { name: streamName } }, tag);
        this.check(namespace, name, created);
        return this.streams.create(manager, namespace, prepareCreate(created, namespace, registry));
      }
      if (createOnly && (current.spec?.tags ?? []).some((t) => t.name === tagName)) {
        throw new ApiError(
          'AlreadyExists',
          `imagestreamtags.${IMAGE_GROUP} "${name}" already exists`,
          {
            name,
            group: IMAGE_GROUP,
            kind: 'imagestreamtags',
          },
        );
      }
      const next = withSpecTag(current, tag);
      this.check(namespace, name, next);
      return this.streams.update(manager, prepareUpdate(current, next, registry));
    });
    this.fanout.submit({ streams: [{ namespace, name: streamName }] });
    return imageStreamTagOf(stored, tagName) ?? {};
  }

  /** Removes the tag from the stream's spec and status (`oc tag -d`). */
  async delete(namespace: string, name: string) {
    const { stream: streamName, tag } = parseName(name);
    await this.db.transaction(async (manager) => {
      const current = await this.streams.get(namespace, streamName, manager, true);
      if (!current || !imageStreamTagOf(current, tag)) {
        throw tagNotFound(name);
      }
      const next = prepareUpdate(current, withoutTag(current, tag), this.options.registryHost);
      await this.streams.update(manager, withoutTag(next, tag));
    });
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: IMAGE_GROUP, kind: 'imagestreamtags' },
    };
  }

  /** The stream with the tag set must still be valid (a tag cannot track itself, say). */
  private check(namespace: string, name: string, stream: ImageStream): void {
    const result = validateImageStream(stream, namespace);
    if (!result.ok) {
      throw ApiError.invalid(KIND, name, result.errors);
    }
  }

  private checkedTag(name: string, body: Record<string, unknown>, tagName: string): TagReference {
    const parsed = imageStreamTagBodySchema.safeParse(body);
    if (!parsed.success) {
      throw ApiError.invalid(KIND, name, zodErrors(parsed.error));
    }
    if (parsed.data.metadata.name && parsed.data.metadata.name !== name) {
      throw new ApiError(
        'BadRequest',
        `the name of the object (${parsed.data.metadata.name}) does not match the name in the URL (${name})`,
      );
    }
    const tag = parsed.data.tag;
    if (!tag) {
      throw ApiError.invalid(KIND, name, [
        { field: 'tag', message: 'Required value: the spec tag to set' },
      ]);
    }
    if (tag.name && tag.name !== tagName) {
      throw ApiError.invalid(KIND, name, [{ field: 'tag.name', message: `must be "${tagName}"` }]);
    }
    const errors = tag.from ? fromErrors(tag.from, 'tag.from') : [];
    if (errors.length > 0) {
      throw ApiError.invalid(KIND, name, errors);
    }
    return { ...tag, name: tagName };
  }
}
