import { Injectable } from '@nestjs/common';
import {
  findImage,
  latestEvent,
  statusGeneration,
  type TagOutcome,
} from './image-stream-status.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import type { ImageStream, TagReference } from './image-stream.schema.js';
import { ImageImporter } from './image-importer.client.js';
import { TagEventsService } from './tag-events.service.js';
import { parseStreamImage, trackedTag, type TagKey } from './tag-names.js';

export type SyncOptions = {
  /** Only these spec tags. */
  only?: readonly string[];
  /** Import `importPolicy.scheduled` tags again even if their generation was answered. */
  scheduled?: boolean;
};

/**
 * OpenShift's image stream controller, for one stream: brings each spec tag's status to what its
 * `from` says. A DockerImage is imported (its manifest read with the namespace's pull secrets, the
 * digest recorded) when the tag's generation has not been answered yet, or again when scheduled; an ImageStreamTag is tracked
 * (its source's newest image copied whenever it differs); an ImageStreamImage pins one image of
 * another stream. Lookups happen outside any transaction; TagEventsService writes the outcome.
 */
@Injectable()
export class TagSyncService {
  constructor(
    private readonly streams: ImageStreamRepository,
    private readonly events: TagEventsService,
    private readonly importer: ImageImporter,
  ) {}

  /** The tags whose image changed. */
  async sync(namespace: string, name: string, options: SyncOptions = {}): Promise<TagKey[]> {
    const stream = await this.streams.get(namespace, name);
    if (!stream) {
      return [];
    }
    const changed: TagKey[] = [];
    for (const tag of stream.spec?.tags ?? []) {
      if (options.only && !options.only.includes(tag.name)) {
        continue;
      }
      const outcome = await this.outcomeOf(stream, tag, options);
      if (outcome) {
        const key = { namespace, stream: name, tag: tag.name };
        changed.push(...(await this.events.recordOutcome(key, tag.generation ?? 0, outcome)));
      }
    }
    return changed;
  }

  /** What the tag's status should record now; undefined when nothing needs looking up. */
  private async outcomeOf(
    stream: ImageStream,
    tag: TagReference,
    options: SyncOptions,
  ): Promise<TagOutcome | undefined> {
    const from = tag.from;
    const namespace = stream.metadata.namespace ?? '';
    const name = stream.metadata.name ?? '';
    const unanswered = statusGeneration(stream, tag.name) < (tag.generation ?? 0);
    if (!from) {
      return undefined;
    }
    switch (from.kind ?? '') {
      case 'DockerImage': {
        if (tag.reference) {
          return { image: '', dockerImageReference: from.name ?? '' };
        }
        const scheduled = options.scheduled === true && tag.importPolicy?.scheduled === true;
        if (!unanswered && !scheduled) {
          return undefined;
        }
        const found = await this.importer.lookUp(from.name ?? '', {
          namespace,
          insecure: tag.importPolicy?.insecure === true,
        });
        return found.ok
          ? { image: found.digest, dockerImageReference: found.dockerImageReference }
          : { reason: found.reason, message: found.message };
      }
      case 'ImageStreamTag': {
        const source = trackedTag(namespace, name, from);
        const origin = source && (await this.sourceStream(stream, source.namespace, source.stream));
        const latest = origin && latestEvent(origin, source.tag);
        if (latest) {
          return { image: latest.image, dockerImageReference: latest.dockerImageReference };
        }
        return unanswered
          ? { reason: 'NotFound', message: `imagestreamtag "${from.name ?? ''}" has no image` }
          : undefined;
      }
      case 'ImageStreamImage': {
        if (!unanswered) {
          return undefined;
        }
        const pinned = parseStreamImage(from.name ?? '');
        const origin =
          pinned && (await this.sourceStream(stream, from.namespace || namespace, pinned.stream));
        const image = pinned && origin ? findImage(origin, pinned.image) : undefined;
        return image
          ? { image: image.image, dockerImageReference: image.dockerImageReference }
          : { reason: 'NotFound', message: `imagestreamimage "${from.name ?? ''}" not found` };
      }
      default:
        return undefined;
    }
  }

  private async sourceStream(
    self: ImageStream,
    namespace: string,
    name: string,
  ): Promise<ImageStream | undefined> {
    const same = self.metadata.namespace === namespace && self.metadata.name === name;
    return same ? self : this.streams.get(namespace, name);
  }
}
