import { Inject, Injectable, Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildahRunner } from '../build/buildah.runner.js';
import { cacheKey, cachesToEvict, storageConfText } from './storage-conf.js';

const run = promisify(execFile);

/** Mount points below `dir`, deepest first: what Buildah still has mounted in a store. */
function mountsBelow(dir: string): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort()
    .reverse();
}

/** A storage.conf with content: an empty one (written on a full disk) counts as none. */
const hasStorageConf = (dir: string): boolean =>
  (statSync(join(dir, 'storage.conf'), { throwIfNoEntry: false })?.size ?? 0) > 0;

/**
 * One BuildConfig's layer cache: a Buildah graph root that sees the node's base images read-only.
 * Not `reusable` with KILN_LAYER_CACHE=off: a throwaway store for one build, removed on release.
 */
export type LayerCache = {
  key: string;
  dir: string;
  env: { CONTAINERS_STORAGE_CONF: string };
  reusable: boolean;
};

/**
 * The builder node's image storage. Base images are pulled once into a shared store that every
 * build reads (an additional image store); each BuildConfig of each namespace gets its own graph
 * root for its layers, so one tenant's layers never serve another's build. Caches are evicted
 * least recently used beyond KILN_CACHE_MAX_BYTES.
 */
@Injectable()
export class BuilderStorage {
  private readonly logger = new Logger(BuilderStorage.name);
  private readonly inUse = new Map<string, number>();
  /**
   * Each cache's size as last measured. Only a build changes a cache, so only the cache a build
   * has released is measured again: sizing every cache after every build spawned one `du` per
   * cache on the path of the build's outcome, a cost that grew with the number of BuildConfigs.
   */
  private readonly sizes = new Map<string, number>();
  /** Cleanups and evictions in progress, by cache key: builds acquiring one wait for them. */
  private readonly cleanups = new Map<string, Promise<void>>();
  readonly basesGraph: string;
  private readonly basesRun: string;
  private readonly cachesDir: string;
  private readonly throwawayDir: string;

  constructor(
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly buildah: BuildahRunner,
  ) {
    this.basesGraph = join(config.KILN_BUILDAH_ROOT, 'bases', 'graph');
    this.basesRun = join(config.KILN_BUILDAH_ROOT, 'bases', 'run');
    this.cachesDir = join(config.KILN_BUILDAH_ROOT, 'caches');
    this.throwawayDir = join(config.KILN_BUILDAH_ROOT, 'throwaway');
    mkdirSync(this.basesGraph, { recursive: true });
    mkdirSync(this.cachesDir, { recursive: true });
    mkdirSync(this.throwawayDir, { recursive: true });
  }

  /** Storage flags for commands on the shared base store (pulls, inspection). */
  basesArgs(): string[] {
    return [
      '--root',
      this.basesGraph,
      '--runroot',
      this.basesRun,
      '--storage-driver',
      this.config.KILN_STORAGE_DRIVER,
    ];
  }

  /**
   * The layer cache of a BuildConfig, or a throwaway store when it is off; held until `release`.
   * Waits while a failed build of the same BuildConfig is cleaning the cache up: that cleanup
   * may remove the whole store, and must not do it under a build that has just started in it.
   */
  async acquire(namespace: string, buildConfig: string): Promise<LayerCache> {
    if (this.config.KILN_LAYER_CACHE === 'off') {
      const dir = mkdtempSync(join(this.throwawayDir, 'build-'));
      return { key: basename(dir), dir, env: this.storeIn(dir), reusable: false };
    }
    const key = cacheKey(namespace, buildConfig || 'no-buildconfig');
    await this.cleanups.get(key);
    const dir = join(this.cachesDir, key);
    const env = hasStorageConf(dir)
      ? { CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf') }
      : this.storeIn(dir);
    this.inUse.set(key, (this.inUse.get(key) ?? 0) + 1);
    return { key, dir, env, reusable: true };
  }

  /** A graph root in `dir` that reads the shared base images, described by its storage.conf. */
  private storeIn(dir: string): LayerCache['env'] {
    const conf = join(dir, 'storage.conf');
    mkdirSync(dir, { recursive: true });
    // Whole or not at all: with no storage.conf to read, Buildah would use its default store.
    writeFileSync(
      `${conf}.tmp`,
      storageConfText({
        graphroot: join(dir, 'graph'),
        runroot: join(dir, 'run'),
        driver: this.config.KILN_STORAGE_DRIVER,
        additionalImageStores: [this.basesGraph],
      }),
    );
    renameSync(`${conf}.tmp`, conf);
    return { CONTAINERS_STORAGE_CONF: conf };
  }

  /**
   * Removes the working containers a failed or cancelled build left in its cache, unless another
   * build of the same BuildConfig is using the cache right now (its containers would go too).
   */
  async removeWorkingContainers(cache: LayerCache): Promise<void> {
    if ((this.inUse.get(cache.key) ?? 0) > 1) {
      return;
    }
    // Decided and registered in one step (no await between): a build acquiring the cache from
    // now on waits for this cleanup; one that acquired it before made it skip.
    await this.exclusively(cache.key, () => this.cleanUp(cache));
  }

  /** Runs work on a cache that builds acquiring it meanwhile wait for (see acquire). */
  private async exclusively(key: string, work: () => Promise<void>): Promise<void> {
    const running = work();
    this.cleanups.set(key, running);
    try {
      await running;
    } finally {
      if (this.cleanups.get(key) === running) {
        this.cleanups.delete(key);
      }
    }
  }

  private async cleanUp(cache: LayerCache): Promise<void> {
    const removed = await this.buildah.run(['rm', '--all'], () => undefined, undefined, cache.env);
    // Nothing of the store should stay mounted now. Something does when the build filled the
    // disk (Buildah cannot record its own cleanup): the store goes whole, its cached layers with
    // it, so that the space comes back for the builds that follow.
    const leaked = mountsBelow(cache.dir);
    if (removed.code !== 0 || leaked.length > 0) {
      this.logger.warn(`removing the store ${cache.key}: a failed build left it unclean`);
      for (const point of leaked) {
        await run('umount', ['-l', point]).catch(() => undefined);
      }
      rmSync(cache.dir, { recursive: true, force: true });
    }
  }

  /** Marks the cache used now and lets eviction consider it again; a throwaway store is removed. */
  async release(cache: LayerCache): Promise<void> {
    if (!cache.reusable) {
      await this.removeStore(cache.dir);
      return;
    }
    this.sizes.delete(cache.key);
    const left = (this.inUse.get(cache.key) ?? 1) - 1;
    if (left <= 0) {
      this.inUse.delete(cache.key);
    } else {
      this.inUse.set(cache.key, left);
    }
    if (hasStorageConf(cache.dir)) {
      const now = new Date();
      utimesSync(join(cache.dir, 'storage.conf'), now, now);
    }
  }

  private async bytesOf(dir: string): Promise<number> {
    try {
      const { stdout } = await run('du', ['-sb', dir]);
      return Number(stdout.split('\t')[0] ?? 0);
    } catch {
      return 0;
    }
  }

  private async sizeOf(key: string): Promise<number> {
    const known = this.sizes.get(key);
    if (known !== undefined) {
      return known;
    }
    const bytes = await this.bytesOf(join(this.cachesDir, key));
    // A build that took the cache meanwhile will have it measured again when it releases it.
    if (!this.inUse.has(key)) {
      this.sizes.set(key, bytes);
    }
    return bytes;
  }

  /** Sizes of every cache (for eviction and the capacity metrics). */
  async caches(): Promise<{ key: string; bytes: number; lastUsedMs: number; inUse: boolean }[]> {
    const keys = readdirSync(this.cachesDir).filter((k) =>
      existsSync(join(this.cachesDir, k, 'storage.conf')),
    );
    return Promise.all(
      keys.map(async (key) => ({
        key,
        bytes: await this.sizeOf(key),
        lastUsedMs: statSync(join(this.cachesDir, key, 'storage.conf')).mtimeMs,
        inUse: this.inUse.has(key),
      })),
    );
  }

  /** Removes least recently used caches beyond the configured bound; returns the total kept. */
  async evict(): Promise<number> {
    const entries = await this.caches();
    const evict = cachesToEvict(entries, this.config.KILN_CACHE_MAX_BYTES);
    const evicted: string[] = [];
    for (const key of evict) {
      // Sizing took a while: a build may have taken the cache since. Removal is registered
      // like a cleanup, so a build arriving during it waits and gets a fresh store.
      if (this.inUse.has(key)) {
        continue;
      }
      await this.exclusively(key, () => this.remove(key));
      evicted.push(key);
      this.logger.log(`evicted layer cache ${key}`);
    }
    return entries.filter((e) => !evicted.includes(e.key)).reduce((sum, e) => sum + e.bytes, 0);
  }

  private async remove(key: string): Promise<void> {
    this.sizes.delete(key);
    await this.removeStore(join(this.cachesDir, key));
  }

  /** Removes a store's containers and images through Buildah (which unmounts them), then its files. */
  private async removeStore(dir: string): Promise<void> {
    const env = { CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf') };
    await this.buildah.run(['rm', '--all'], () => undefined, undefined, env);
    await this.buildah.run(['rmi', '--all', '--force'], () => undefined, undefined, env);
    rmSync(dir, { recursive: true, force: true });
  }

  /**
   * After a crash: working containers left in any cache are removed, so a restarted builder
   * starts clean (images and cached layers are kept); throwaway stores left behind go whole.
   */
  async recover(): Promise<void> {
    for (const name of readdirSync(this.throwawayDir)) {
      await this.removeStore(join(this.throwawayDir, name));
    }
    for (const key of readdirSync(this.cachesDir)) {
      const conf = join(this.cachesDir, key, 'storage.conf');
      if (existsSync(conf)) {
        await this.buildah.run(['rm', '--all'], () => undefined, undefined, {
          CONTAINERS_STORAGE_CONF: conf,
        });
      }
    }
  }
}
