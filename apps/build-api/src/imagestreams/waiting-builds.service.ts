import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BuildConfig } from '@kiln/build-types';
import { DataSource } from 'typeorm';
import { BuildScheduler } from '../builds/build-scheduler.js';
import { BuildRepository } from '../storage/build.repository.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import { BuildImageResolver } from './build-image-resolver.service.js';
import { ImageStreamRepository, type WaitingBuild } from './image-stream.repository.js';
import { isWaitingForImages } from './waiting-for-images.js';

/**
 * Builds left New because an image reference did not resolve move on by themselves: after any
 * stream change (and on every sweep) each is resolved again; once it resolves it is saved with
 * DockerImage references, its BuildConfig records the images it used (so those do not trigger
 * again), and the run policy may start it.
 */
@Injectable()
export class WaitingBuildsService {
  private readonly logger = new Logger(WaitingBuildsService.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly streams: ImageStreamRepository,
    private readonly builds: BuildRepository,
    private readonly objects: ObjectRepository,
    private readonly scheduler: BuildScheduler,
    private readonly resolver: BuildImageResolver,
  ) {}

  /** How many builds resolved. */
  async retryAll(): Promise<number> {
    let resolved = 0;
    for (const waiting of await this.streams.waitingBuilds()) {
      resolved += (await this.retry(waiting)) ? 1 : 0;
    }
    return resolved;
  }

  /** Lock order as everywhere: the BuildConfig, then the build. */
  async retry(waiting: WaitingBuild): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const { namespace, buildConfig } = waiting;
      const config = buildConfig
        ? ((await this.objects.get('BuildConfig', namespace, buildConfig, manager, true)) as
            BuildConfig | undefined)
        : undefined;
      const build = await this.builds.findByUid(waiting.uid, manager, true);
      if (!build || !isWaitingForImages(build)) {
        return false;
      }
      const { build: next, used } = await this.resolver.resolve(manager, build);
      if (isWaitingForImages(next)) {
        if (next.status?.message !== build.status?.message) {
          await this.builds.save(manager, next);
        }
        return false;
      }
      const saved = await this.builds.save(manager, next);
      this.logger.log(`${namespace}/${saved.metadata.name ?? ''}: image references resolved`);
      if (!config) {
        await this.scheduler.start(manager, saved, new Date());
        return true;
      }
      const imageChangeTriggers = await this.resolver.triggerStatuses(
        manager,
        config,
        undefined,
        used,
      );
      await this.objects.update(manager, 'BuildConfig', namespace, {
        ...config,
        status: { ...config.status, ...(imageChangeTriggers ? { imageChangeTriggers } : {}) },
      } as StoredObject);
      await this.scheduler.schedule(
        manager,
        namespace,
        buildConfig ?? '',
        config.spec.runPolicy ?? undefined,
      );
      return true;
    });
  }
}
