import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderEnv } from '../config/builder.config.js';
import type { BuildahRunner } from '../build/buildah.runner.js';
import { BuilderStorage } from './builder-storage.js';

/** Records the Buildah commands a storage runs, and which store each ran on. */
const aFakeBuildah = (code = 0) => {
  const calls: { args: string[]; conf?: string }[] = [];
  const runner = {
    run: (args: string[], _onLine: unknown, _signal: unknown, env: Record<string, string> = {}) => {
      calls.push({ args, conf: env.CONTAINERS_STORAGE_CONF });
      return Promise.resolve({ code, signal: null, tail: [] });
    },
  };
  return { calls, runner: runner as unknown as BuildahRunner };
};

describe(BuilderStorage.name, () => {
  let root = '';
  const storage = (cache: 'on' | 'off', buildah = aFakeBuildah()) =>
    new BuilderStorage(
      builderEnv.parse({ KILN_BUILDAH_ROOT: root, KILN_LAYER_CACHE: cache }),
      buildah.runner,
    );

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kiln-storage-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('acquire', () => {
    it('gives every build of a BuildConfig the same reusable cache', async () => {
      const s = storage('on');
      const first = await s.acquire('team', 'web');
      const second = await s.acquire('team', 'web');
      expect(second.dir).toBe(first.dir);
      expect(first.reusable).toBe(true);
    });

    it('gives each build its own throwaway store that still reads the shared bases when the cache is off', async () => {
      const s = storage('off');
      const first = await s.acquire('team', 'web');
      const second = await s.acquire('team', 'web');
      expect(second.dir).not.toBe(first.dir);
      expect(first.reusable).toBe(false);
      expect(readFileSync(first.env.CONTAINERS_STORAGE_CONF, 'utf8')).toContain(s.basesGraph);
    });

    it('writes again a storage.conf left empty by a full disk', async () => {
      const s = storage('on');
      const conf = (await s.acquire('team', 'web')).env.CONTAINERS_STORAGE_CONF;
      writeFileSync(conf, '');
      expect(
        readFileSync((await s.acquire('team', 'web')).env.CONTAINERS_STORAGE_CONF, 'utf8'),
      ).toContain('graphroot');
    });
  });

  describe('removeWorkingContainers', () => {
    it('drops the whole store when Buildah cannot clean it, and the build still releases it', async () => {
      const s = storage('on', aFakeBuildah(1));
      const cache = await s.acquire('team', 'web');
      await s.removeWorkingContainers(cache);
      expect(existsSync(cache.dir)).toBe(false);
      await expect(s.release(cache)).resolves.toBeUndefined();
    });

    it('makes a build of the same BuildConfig wait until the cleanup is over, then gives it a store', async () => {
      let finishRm: (r: { code: number; signal: null; tail: string[] }) => void = () => undefined;
      const runner = {
        run: (args: string[]) =>
          args.includes('rm')
            ? new Promise((resolve) => {
                finishRm = resolve;
              })
            : Promise.resolve({ code: 0, signal: null, tail: [] }),
      } as unknown as BuildahRunner;
      const s = new BuilderStorage(
        builderEnv.parse({ KILN_BUILDAH_ROOT: root, KILN_LAYER_CACHE: 'on' }),
        runner,
      );
      const failed = await s.acquire('team', 'web');
      const cleaning = s.removeWorkingContainers(failed);
      let next: Awaited<ReturnType<BuilderStorage['acquire']>> | undefined;
      const acquiring = s.acquire('team', 'web').then((c) => (next = c));
      await new Promise((r) => setTimeout(r, 50));
      expect(next).toBeUndefined();
      // Buildah fails to clean: the whole store goes, before the next build may use it.
      finishRm({ code: 1, signal: null, tail: [] });
      await cleaning;
      await acquiring;
      expect(existsSync(next?.env.CONTAINERS_STORAGE_CONF ?? '')).toBe(true);
    });

    it('keeps the store when Buildah cleaned it', async () => {
      const s = storage('on');
      const cache = await s.acquire('team', 'web');
      await s.removeWorkingContainers(cache);
      expect(existsSync(cache.env.CONTAINERS_STORAGE_CONF)).toBe(true);
    });
  });

  describe('release', () => {
    it('removes a throwaway store with its images', async () => {
      const buildah = aFakeBuildah();
      const s = storage('off', buildah);
      const cache = await s.acquire('team', 'web');
      await s.release(cache);
      expect(existsSync(cache.dir)).toBe(false);
      expect(buildah.calls).toContainEqual({
        args: ['rmi', '--all', '--force'],
        conf: cache.env.CONTAINERS_STORAGE_CONF,
      });
    });

    it('keeps a reusable cache', async () => {
      const s = storage('on');
      const cache = await s.acquire('team', 'web');
      await s.release(cache);
      expect(existsSync(cache.env.CONTAINERS_STORAGE_CONF)).toBe(true);
    });
  });

  describe('caches', () => {
    it('measures a cache again only after a build has released it', async () => {
      const s = storage('on');
      const cache = await s.acquire('team', 'web');
      await s.release(cache);
      const before = (await s.caches())[0]?.bytes ?? 0;
      writeFileSync(join(cache.dir, 'layer'), Buffer.alloc(64 * 1024));
      expect((await s.caches())[0]?.bytes).toBe(before);
      await s.release(await s.acquire('team', 'web'));
      expect((await s.caches())[0]?.bytes).toBeGreaterThanOrEqual(before + 64 * 1024);
    });
  });

  describe('recover', () => {
    it('removes throwaway stores a killed builder left behind', async () => {
      const left = await storage('off').acquire('team', 'web');
      await storage('on').recover();
      expect(existsSync(left.dir)).toBe(false);
    });
  });
});
