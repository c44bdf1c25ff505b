import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderEnv } from '../config/builder.config.js';
import type { BuildahRunner } from '../build/buildah.runner.js';
import { BaseImages } from './base-images.js';
import { BuilderStorage } from './builder-storage.js';

describe(BaseImages.name, () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kiln-bases-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A Buildah that has `present` in its store and records every command. */
  const setUp = (present: string[]) => {
    const commands: string[][] = [];
    const buildah = {
      run: (args: string[]) => {
        commands.push(args);
        const found = args.includes('inspect') ? present.includes(args.at(-1) ?? '') : true;
        return Promise.resolve({ code: found ? 0 : 125, signal: null, tail: [] });
      },
    } as unknown as BuildahRunner;
    const config = builderEnv.parse({ KILN_BUILDAH_ROOT: root });
    const bases = new BaseImages(config, new BuilderStorage(config, buildah), buildah);
    const ensure = (images: string[], forcePull = false) =>
      bases.ensure(images, {
        forcePull,
        log: () => undefined,
        signal: new AbortController().signal,
      });
    const verbs = () => commands.map((c) => c.find((a) => ['inspect', 'pull'].includes(a)));
    return { ensure, verbs };
  };

  describe('ensure', () => {
    it('inspects a base image once, then knows it is there', async () => {
      const { ensure, verbs } = setUp(['r/base:1']);
      expect(await ensure(['r/base:1'])).toEqual({ pulled: [], reused: ['r/base:1'] });
      expect(await ensure(['r/base:1'])).toEqual({ pulled: [], reused: ['r/base:1'] });
      expect(verbs()).toEqual(['inspect']);
    });

    it('pulls a missing image once, and again only when forcePull asks', async () => {
      const { ensure, verbs } = setUp([]);
      expect(await ensure(['r/app:1'])).toEqual({ pulled: ['r/app:1'], reused: [] });
      await ensure(['r/app:1']);
      expect(await ensure(['r/app:1'], true)).toEqual({ pulled: ['r/app:1'], reused: [] });
      expect(verbs()).toEqual(['inspect', 'pull', 'pull']);
    });
  });
});
