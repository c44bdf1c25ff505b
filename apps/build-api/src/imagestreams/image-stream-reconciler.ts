import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicTask } from '@kiln/service-kit';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { FarmRegistryClient } from './farm-registry.client.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { tagHasHad } from './image-stream-status.js';
import { ImageStreamRepository, type DueStream } from './image-stream.repository.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { ImageTriggersService } from './image-triggers.service.js';
import { TagEventsService } from './tag-events.service.js';
import { TagSyncService } from './tag-sync.service.js';
import { streamOfRepository, type TagKey } from './tag-names.js';
import { WaitingBuildsService } from './waiting-builds.service.js';

/** Streams compared with the registry per claim; the sweep claims until none is due. */
const BATCH = 50;

/**
 * The fallback for everything notifications and the fan-out do, on every replica, every
 * KILN_IMAGESTREAM_RESYNC_SECONDS:
 *
 * 1. Repositories of the farm registry with no stream (a first push whose notification was
 *    lost) get one, as the push would have made.
 * 2. Each stream, claimed with SKIP LOCKED so replicas share the work, is compared with its
 *    repository: a tag whose digest the tag never had is a push we missed, recorded now. (A
 *    digest the tag had before is not: the tag moved on since, by import or tracking.) Spec tags
 *    are synced, and scheduled imports run when due.
 * 3. Builds waiting for images retry, and every ImageChange trigger is evaluated: a change
 *    recorded before a crash, with the fan-out lost, still fires once.
 */
@Injectable()
export class ImageStreamReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImageStreamReconciler.name);
  private readonly task: PeriodicTask;

  constructor(
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly registry: FarmRegistryClient,
    private readonly streams: ImageStreamRepository,
    private readonly events: TagEventsService,
    private readonly tagSync: TagSyncService,
    private readonly fanout: ImageChangeFanout,
    private readonly waiting: WaitingBuildsService,
    private readonly triggers: ImageTriggersService,
    private readonly namespaces: NamespaceRepository,
  ) {
    this.task = new PeriodicTask({
      everyMs: options.resyncSeconds * 1000,
      run: () => this.sweep(),
      onError: (error) => this.logger.warn(`image stream sweep: ${error.message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async sweep(): Promise<void> {
    const changed: TagKey[] = [...(await this.adoptRepositories())];
    for (;;) {
      const due = await this.streams.claimDue(this.options.resyncSeconds / 2, BATCH);
      for (const stream of due) {
        changed.push(...(await this.reconcile(stream)));
      }
      if (due.length < BATCH) {
        break;
      }
    }
    // Trackers follow within the fan-out; it runs in this process's queue.
    this.fanout.submit({ tags: changed });
    await this.fanout.idle();
    await this.waiting.retryAll();
    await this.triggers.fire();
  }

  /**
   * Repositories pushed to without a stream (and whose notification never came), in namespaces
   * that exist: others (the farm's own `kiln/…` images, say) are not read at all.
   */
  private async adoptRepositories(): Promise<TagKey[]> {
    const changed: TagKey[] = [];
    try {
      const known = await this.streams.allStreamNames();
      const namespaces = new Set((await this.namespaces.list()).map((n) => n.name));
      const orphans = (await this.registry.repositories()).filter((repository) => {
        const owner = streamOfRepository(repository);
        return owner && namespaces.has(owner.namespace) && !known.has(repository);
      });
      for (const repository of orphans) {
        for (const [tag, digest] of await this.registry.tagDigests(repository)) {
          changed.push(...(await this.events.recordPush(repository, tag, digest)));
        }
      }
    } catch (error) {
      this.logger.warn(`adopting farm-registry repositories: ${(error as Error).message}`);
    }
    return changed;
  }

  private async reconcile(due: DueStream): Promise<TagKey[]> {
    const { namespace, name } = due;
    const changed: TagKey[] = [];
    try {
      const stream = await this.streams.get(namespace, name);
      if (!stream) {
        return [];
      }
      const repository = `${namespace}/${name}`;
      for (const [tag, digest] of await this.registry.tagDigests(repository)) {
        if (!tagHasHad(stream, tag, digest)) {
          changed.push(...(await this.events.recordPush(repository, tag, digest)));
        }
      }
      const importDue =
        !due.importedAt ||
        Date.now() - due.importedAt.getTime() >= this.options.importIntervalSeconds * 1000;
      const scheduled =
        importDue && (stream.spec?.tags ?? []).some((t) => t.importPolicy?.scheduled);
      changed.push(...(await this.tagSync.sync(namespace, name, { scheduled })));
      if (scheduled) {
        await this.streams.markImported(due.uid);
      }
    } catch (error) {
      this.logger.warn(`reconciling ${namespace}/${name}: ${(error as Error).message}`);
    }
    return changed;
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
