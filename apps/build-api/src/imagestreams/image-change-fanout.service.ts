import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ImageStreamRepository } from './image-stream.repository.js';
import { ImageTriggersService } from './image-triggers.service.js';
import { TagSyncService } from './tag-sync.service.js';
import { keyText, sameTag, trackedTag, type TagKey } from './tag-names.js';
import { WaitingBuildsService } from './waiting-builds.service.js';

/** What changed: tags that got a new image, and streams whose spec tags may need syncing. */
export type ImageChanges = {
  tags?: readonly TagKey[];
  streams?: readonly { namespace: string; name: string }[];
};

/** A tag tracking a tracking tag… is followed this far, so a cycle cannot loop. */
const MAX_TRACKING_ROUNDS = 10;

/**
 * What follows an image change, in order: spec tags are synced (imports), tags that track a
 * changed tag follow it (and their trackers, and so on), builds waiting for an image retry, and
 * then the ImageChange triggers of the changed tags fire. Runs after the change committed, one
 * batch at a time per process; a crash in between is made good by the reconciler's sweep, which
 * runs the same steps for everything.
 */
@Injectable()
export class ImageChangeFanout implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ImageChangeFanout.name);
  private tail: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly streams: ImageStreamRepository,
    private readonly tagSync: TagSyncService,
    private readonly waiting: WaitingBuildsService,
    private readonly triggers: ImageTriggersService,
  ) {}

  /** Queues the consequences of `changes`; returns at once. */
  submit(changes: ImageChanges): void {
    if (this.stopped || (!changes.tags?.length && !changes.streams?.length)) {
      return;
    }
    this.tail = this.tail
      .then(() => this.run(changes))
      .catch((error: unknown) => this.logger.warn(`image change: ${(error as Error).message}`));
  }

  /** Resolves once everything submitted so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }

  async run(changes: ImageChanges): Promise<void> {
    const changed: TagKey[] = [...(changes.tags ?? [])];
    for (const { namespace, name } of changes.streams ?? []) {
      changed.push(...(await this.tagSync.sync(namespace, name)));
    }
    changed.push(...(await this.followTrackers(changed)));
    await this.waiting.retryAll();
    if (changed.length > 0) {
      this.logger.debug(`image change of ${changed.map(keyText).join(', ')}`);
      await this.triggers.fire(changed);
    }
  }

  /** Spec tags tracking (`from: ImageStreamTag`) a changed tag take its image. */
  private async followTrackers(changed: readonly TagKey[]): Promise<TagKey[]> {
    const followed: TagKey[] = [];
    let round = [...changed];
    for (let i = 0; i < MAX_TRACKING_ROUNDS && round.length > 0; i++) {
      const trackers = await this.streams.withSpecTag({ from: { kind: 'ImageStreamTag' } });
      const next: TagKey[] = [];
      for (const stream of trackers) {
        const namespace = stream.metadata.namespace ?? '';
        const name = stream.metadata.name ?? '';
        const tags = (stream.spec?.tags ?? []).filter((t) => {
          const source = t.from && trackedTag(namespace, name, t.from);
          return source && round.some((key) => sameTag(key, source));
        });
        if (tags.length > 0) {
          next.push(
            ...(await this.tagSync.sync(namespace, name, { only: tags.map((t) => t.name) })),
          );
        }
      }
      followed.push(...next);
      round = next.filter((key) => !changed.some((c) => sameTag(c, key)));
    }
    return followed;
  }

  beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    return this.tail;
  }
}
