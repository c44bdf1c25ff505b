import { Inject, Injectable } from '@nestjs/common';
import { parseImageReference } from '@kiln/artifact-store';
import type { FieldError } from '@kiln/build-types';
import { DataSource } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { prepareCreate, prepareUpdate, withSpecTag } from './image-stream-spec.js';
import { latestEvent, withOutcome, type TagOutcome } from './image-stream-status.js';
import { fromErrors, zodErrors } from './image-stream-rules.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import {
  IMAGE_API_VERSION,
  imageStreamImportSchema,
  type ImageStream,
  type ImageStreamImport,
  type TagReference,
} from './image-stream.schema.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { ImageImporter, type LookUpOptions } from './image-importer.client.js';
import { isStreamName, isTagName, type TagKey } from './tag-names.js';

const KIND = 'ImageStreamImport';
const CODES: Record<string, number> = { NotFound: 404, Unauthorized: 401 };

type Wanted = { tag: TagReference; outcome?: TagOutcome };

/**
 * ImageStreamImport (`oc import-image`): looks the images up now, with the namespace's pull
 * secrets (see ImageImporter), and unless `spec.import` is false sets each as a spec tag of the
 * stream (created if missing) with the outcome recorded in the same write. Answers the outcome
 * of each image and the stream as stored.
 */
@Injectable()
export class ImageStreamImportsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly streams: ImageStreamRepository,
    private readonly namespaces: NamespaceRepository,
    private readonly importer: ImageImporter,
    private readonly fanout: ImageChangeFanout,
  ) {}

  async import(namespace: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request = this.checked(body);
    const name = request.metadata.name ?? '';
    const wanted: Wanted[] = this.tagsOf(request).map((tag) => ({ tag }));
    for (const w of wanted) {
      const from = w.tag.from?.name ?? '';
      w.outcome = await this.lookUp(from, {
        namespace,
        insecure: w.tag.importPolicy?.insecure === true,
      });
    }
    let stored: ImageStream | undefined;
    if (request.spec.import) {
      await this.namespaces.ensure(namespace);
      const result = await this.db.transaction(async (manager) => {
        const current = await this.streams.get(namespace, name, manager, true);
        const next = this.withImports(
          current ?? { metadata: { name } },
          namespace,
          wanted,
          current,
        );
        const saved = current
          ? await this.streams.update(manager, next)
          : await this.streams.create(manager, namespace, next);
        return { saved, changed: changedTags(current, saved, wanted) };
      });
      stored = result.saved;
      this.fanout.submit({ tags: result.changed });
    }
    return {
      kind: KIND,
      apiVersion: IMAGE_API_VERSION,
      metadata: { name, namespace },
      spec: request.spec,
      status: {
        ...(stored ? { import: stored } : {}),
        images: wanted.map((w) => imageStatus(w)),
      },
    };
  }

  private async lookUp(from: string, options: LookUpOptions): Promise<TagOutcome> {
    const found = await this.importer.lookUp(from, options);
    return found.ok
      ? { image: found.digest, dockerImageReference: found.dockerImageReference }
      : { reason: found.reason, message: found.message };
  }

  /** The stream with each spec tag set and its outcome recorded at the tag's new generation. */
  private withImports(
    base: ImageStream,
    namespace: string,
    wanted: readonly Wanted[],
    current: ImageStream | undefined,
  ): ImageStream {
    const registry = this.options.registryHost;
    const merged = wanted.reduce((stream, { tag }) => {
      const existing = (stream.spec?.tags ?? []).find((t) => t.name === tag.name);
      return withSpecTag(stream, { ...existing, ...tag });
    }, base);
    let next = current
      ? prepareUpdate(current, merged, registry)
      : prepareCreate(merged, namespace, registry);
    const now = new Date();
    for (const { tag, outcome } of wanted) {
      const generation = (next.spec?.tags ?? []).find((t) => t.name === tag.name)?.generation ?? 1;
      next = (outcome && withOutcome(next, tag.name, generation, outcome, now)) ?? next;
    }
    return next;
  }

  private checked(body: Record<string, unknown>): ImageStreamImport {
    const parsed = imageStreamImportSchema.safeParse(body);
    const name =
      typeof (body.metadata as { name?: unknown } | undefined)?.name === 'string'
        ? (body.metadata as { name: string }).name
        : '';
    if (!parsed.success) {
      throw ApiError.invalid(KIND, name, zodErrors(parsed.error));
    }
    if (!isStreamName(name)) {
      throw ApiError.invalid(KIND, name, [
        { field: 'metadata.name', message: `"${name}" is not a valid image stream name` },
      ]);
    }
    if (parsed.data.spec.repository) {
      throw new ApiError(
        'BadRequest',
        'importing every tag of a repository (spec.repository) is not supported by Kiln: import the tags one by one in spec.images',
      );
    }
    return parsed.data;
  }

  /** Each `spec.images[]` entry as the spec tag it sets; its tag defaults to the source's. */
  private tagsOf(request: ImageStreamImport): TagReference[] {
    const images = request.spec.images ?? [];
    const errors: FieldError[] = [];
    if (images.length === 0) {
      errors.push({
        field: 'spec.images',
        message: 'Required value: at least one image to import',
      });
    }
    const tags = images.map((image, i): TagReference => {
      const from = { kind: image.from.kind ?? '', name: image.from.name ?? '' };
      const fieldErrors =
        from.kind === 'DockerImage'
          ? fromErrors(from, `spec.images[${i}].from`)
          : [{ field: `spec.images[${i}].from.kind`, message: 'must be DockerImage' }];
      errors.push(...fieldErrors);
      const name =
        image.to?.name ||
        (fieldErrors.length ? '' : parseImageReference(from.name).tag) ||
        'latest';
      if (!isTagName(name)) {
        errors.push({
          field: `spec.images[${i}].to.name`,
          message: `"${name}" is not a valid tag`,
        });
      }
      return {
        name,
        from,
        ...(image.importPolicy ? { importPolicy: image.importPolicy } : {}),
        ...(image.referencePolicy ? { referencePolicy: image.referencePolicy } : {}),
      };
    });
    if (errors.length > 0) {
      throw ApiError.invalid(KIND, request.metadata.name ?? '', errors);
    }
    return tags;
  }
}

function imageStatus({ tag, outcome }: Wanted): Record<string, unknown> {
  if (!outcome || 'reason' in outcome) {
    return {
      tag: tag.name,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: outcome?.reason ?? 'InternalError',
        message: outcome?.message ?? '',
        code: CODES[outcome?.reason ?? ''] ?? 500,
      },
    };
  }
  return {
    tag: tag.name,
    status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' },
    image: {
      kind: 'Image',
      apiVersion: IMAGE_API_VERSION,
      metadata: { name: outcome.image },
      dockerImageReference: outcome.dockerImageReference,
    },
  };
}

function changedTags(
  before: ImageStream | undefined,
  after: ImageStream,
  wanted: readonly Wanted[],
): TagKey[] {
  const namespace = after.metadata.namespace ?? '';
  const stream = after.metadata.name ?? '';
  return wanted
    .filter(({ tag }) => {
      const now = latestEvent(after, tag.name)?.dockerImageReference;
      return (
        now !== undefined &&
        (!before || latestEvent(before, tag.name)?.dockerImageReference !== now)
      );
    })
    .map(({ tag }) => ({ namespace, stream, tag: tag.name }));
}
