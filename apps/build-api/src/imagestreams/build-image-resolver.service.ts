import { Injectable } from '@nestjs/common';
import {
  statusMessageOf,
  type Build,
  type BuildConfig,
  type BuildRequest,
  type ImageChangeTriggerStatus,
} from '@kiln/build-types';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { latestEvent } from './image-stream-status.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import type { ImageStream } from './image-stream.schema.js';
import {
  imageTriggersOf,
  isDuplicateTrigger,
  nextTriggerStatuses,
  type CurrentImage,
} from './image-triggers.js';
import {
  hasStreamReferences,
  pinnedImages,
  resolveBuildSpec,
  streamsReferenced,
  type UsedImage,
} from './resolve-references.js';
import type { TagKey } from './tag-names.js';
import { isWaitingForImages } from './waiting-for-images.js';

/**
 * What build generation asks of image streams (OpenShift's generator, steps 2 and 5): refuse an
 * image-change request its trigger already fired for, resolve a new build's image references,
 * and keep the BuildConfig's `status.imageChangeTriggers`. Reads streams without locking them.
 */
@Injectable()
export class BuildImageResolver {
  constructor(private readonly streams: ImageStreamRepository) {}

  /** 409 when every image the request was triggered by already fired its trigger. */
  refuseDuplicate(config: BuildConfig, request: BuildRequest): void {
    if (isDuplicateTrigger(config, request)) {
      const image = request.triggeredByImage?.name ?? '';
      throw new ApiError(
        'Conflict',
        `BuildConfig ${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''} was already triggered by image ${image}`,
      );
    }
  }

  /**
   * The build with its ImageStreamTag/ImageStreamImage references resolved to DockerImage pull
   * specs and its output reference set; when one does not resolve, the build as it was (spec
   * untouched, so a later attempt resolves it all) in New with InvalidOutputReference or
   * InvalidImageReference.
   */
  async resolve(
    manager: EntityManager,
    build: Build,
  ): Promise<{ build: Build; used: UsedImage[] }> {
    const namespace = build.metadata.namespace ?? '';
    if (!hasStreamReferences(build.spec)) {
      return { build, used: [] };
    }
    const streams = await this.load(manager, streamsReferenced(build.spec, namespace));
    const lookup = (ns: string, name: string) => streams.get(`${ns}/${name}`);
    const result = resolveBuildSpec(
      build.spec,
      namespace,
      lookup,
      pinnedImages(build.spec, namespace),
    );
    const { reason: _r, message: _m, ...unresolved } = build.status ?? { phase: 'New' };
    const status = isWaitingForImages(build) ? unresolved : (build.status ?? { phase: 'New' });
    if (result.ok) {
      const output = result.outputReference
        ? { outputDockerImageReference: result.outputReference }
        : {};
      return {
        build: { ...build, spec: result.spec, status: { ...status, ...output } },
        used: result.used,
      };
    }
    const message = `${statusMessageOf(result.reason) ?? ''} ${result.message}`.trim();
    return {
      build: { ...build, status: { ...status, phase: 'New', reason: result.reason, message } },
      used: [],
    };
  }

  /** `status.imageChangeTriggers` for a BuildConfig that just generated a build (see nextTriggerStatuses). */
  async triggerStatuses(
    manager: EntityManager,
    config: BuildConfig,
    request: BuildRequest | undefined,
    used: readonly UsedImage[],
  ): Promise<ImageChangeTriggerStatus[] | undefined> {
    const watched = imageTriggersOf(config);
    if (watched.length === 0) {
      return config.status?.imageChangeTriggers ?? undefined;
    }
    const current = await this.currentImages(
      manager,
      watched.map((w) => w.key),
    );
    return nextTriggerStatuses(config, request, used, current, new Date());
  }

  /** The image each tag points at now, for trigger decisions. */
  async currentImages(
    manager: EntityManager | undefined,
    keys: readonly TagKey[],
  ): Promise<CurrentImage> {
    const streams = await this.load(
      manager,
      keys.map((k) => ({ namespace: k.namespace, name: k.stream })),
    );
    return (key) => {
      const stream = streams.get(`${key.namespace}/${key.stream}`);
      return stream ? latestEvent(stream, key.tag)?.dockerImageReference : undefined;
    };
  }

  private async load(
    manager: EntityManager | undefined,
    refs: readonly { namespace: string; name: string }[],
  ): Promise<Map<string, ImageStream>> {
    const found = new Map<string, ImageStream>();
    for (const { namespace, name } of refs) {
      const key = `${namespace}/${name}`;
      const stream = found.has(key) ? undefined : await this.streams.get(namespace, name, manager);
      if (stream) {
        found.set(key, stream);
      }
    }
    return found;
  }
}
