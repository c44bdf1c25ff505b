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

  /**
   * A Buildah that has `present` in its store and records every command; a pull prints
   * `pullOutput` and inspecting the manifest prints `manifest`.
   */
  const setUp = (present: string[], pullOutput: string[] = [], manifest = '') => {
    const commands: string[][] = [];
    const buildah = {
      run: (args: string[], onLine: (line: string) => void) => {
        commands.push(args);
        if (args.includes('pull')) {
          pullOutput.forEach(onLine);
        } else if (args.includes('{{.Manifest}}')) {
          onLine(manifest);
        }
        const found = args.includes('{{.FromImageID}}')
          ? present.includes(args.at(-1) ?? '')
          : true;
        return Promise.resolve({ code: found ? 0 : 125, signal: null, tail: [] });
      },
    } as unknown as BuildahRunner;
    const config = builderEnv.parse({ KILN_BUILDAH_ROOT: root });
    const bases = new BaseImages(config, new BuilderStorage(config, buildah), buildah);
    const logged: string[] = [];
    const ensure = (images: string[], forcePull = false) =>
      bases.ensure(images, {
        forcePull,
        log: (line) => logged.push(line),
        signal: new AbortController().signal,
      });
    const verbs = () => commands.map((c) => c.find((a) => ['inspect', 'pull'].includes(a)));
    return { ensure, verbs, logged };
  };

  describe('ensure', () => {
    it('inspects a base image once, then knows it is there', async () => {
      const { ensure, verbs } = setUp(['r/base:1']);
      expect(await ensure(['r/base:1'])).toEqual({ pulled: [], reused: ['r/base:1'], bytes: 0 });
      expect(await ensure(['r/base:1'])).toEqual({ pulled: [], reused: ['r/base:1'], bytes: 0 });
      expect(verbs()).toEqual(['inspect']);
    });

    it('pulls a missing image once, and again only when forcePull asks', async () => {
      const { ensure, verbs } = setUp([]);
      expect(await ensure(['r/app:1'])).toEqual({ pulled: ['r/app:1'], reused: [], bytes: 0 });
      await ensure(['r/app:1']);
      expect(await ensure(['r/app:1'], true)).toEqual({
        pulled: ['r/app:1'],
        reused: [],
        bytes: 0,
      });
      expect(verbs()).toEqual(['inspect', 'pull', 'pull']);
    });

    it('reports the bytes of the blobs a pull downloaded, and keeps debug lines out of the log', async () => {
      const layer = `sha256:${'a'.repeat(64)}`;
      const config = `sha256:${'c'.repeat(64)}`;
      const debug = (blob: string) =>
        `time="2026-12-01T03:24:53Z" level=debug msg="Downloading /v2/r/app/blobs/${blob}"`;
      const { ensure, logged } = setUp(
        [],
        [debug(config), `Copying blob ${layer}`, debug(layer)],
        JSON.stringify({
          config: { digest: config, size: 10 },
          layers: [{ digest: layer, size: 1000 }],
        }),
      );
      expect((await ensure(['r/app:1'])).bytes).toBe(1010);
      expect(logged).toEqual(['Pulling base image r/app:1 ...', `Copying blob ${layer}`]);
    });
  });
});
