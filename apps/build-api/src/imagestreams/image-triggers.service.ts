import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BuildConfig } from '@kiln/build-types';
import { DataSource } from 'typeorm';
import { BuildGenerator } from '../builds/build-generator.js';
import { BuildRepository } from '../storage/build.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { BuildImageResolver } from './build-image-resolver.service.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import {
  dueCauses,
  imageChangeMayStart,
  imageChangeRequest,
  imageTriggersOf,
  watches,
} from './image-triggers.js';
import type { TagKey } from './tag-names.js';
import { isWaitingForImages } from './waiting-for-images.js';

/**
 * OpenShift's image trigger controller. For a BuildConfig watching a changed tag, under its row
 * lock: the causes its triggers owe (see dueCauses) become one build, instantiated through the
 * generator, which records the images in `status.imageChangeTriggers` in the same transaction.
 * So an image fires a trigger once, whichever replica or sweep sees it first.
 */
@Injectable()
export class ImageTriggersService {
  private readonly logger = new Logger(ImageTriggersService.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly streams: ImageStreamRepository,
    private readonly objects: ObjectRepository,
    private readonly builds: BuildRepository,
    private readonly generator: BuildGenerator,
    private readonly resolver: BuildImageResolver,
  ) {}

  /** Fires the triggers watching any of `changed` (every ImageChange trigger when undefined). */
  async fire(changed?: readonly TagKey[]): Promise<number> {
    let started = 0;
    for (const config of await this.streams.buildConfigsWithImageTriggers()) {
      if (changed && !changed.some((key) => watches(config, key))) {
        continue;
      }
      try {
        started += (await this.evaluate(
          config.metadata.namespace ?? '',
          config.metadata.name ?? '',
        ))
          ? 1
          : 0;
      } catch (error) {
        this.logger.warn(
          `image triggers of ${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''}: ${(error as Error).message}`,
        );
      }
    }
    return started;
  }

  /** Starts the build the BuildConfig's triggers owe, if any; true when one was created. */
  async evaluate(namespace: string, name: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const config = (await this.objects.get('BuildConfig', namespace, name, manager, true)) as
        BuildConfig | undefined;
      if (!config || !imageChangeMayStart(config)) {
        return false;
      }
      const keys = imageTriggersOf(config).map((t) => t.key);
      const causes = dueCauses(config, await this.resolver.currentImages(manager, keys));
      if (causes.length === 0) {
        return false;
      }
      // A build of this config still waiting for its images takes the newest ones when it
      // resolves, and records them: it is the build these causes ask for.
      const queued = await this.builds.list(
        namespace,
        { buildConfig: name, phases: ['New'] },
        manager,
      );
      if (queued.some(isWaitingForImages)) {
        return false;
      }
      const build = await this.generator.instantiate(
        manager,
        config,
        imageChangeRequest(config, causes),
      );
      const fired = causes.map((c) => c.imageChangeBuild?.fromRef?.name ?? '').join(', ');
      this.logger.log(
        `${namespace}/${build.metadata.name ?? ''} started: image change of ${fired}`,
      );
      return true;
    });
  }
}
