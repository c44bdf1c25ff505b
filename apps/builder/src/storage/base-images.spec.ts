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

    it('says in the log, every so often, that a long pull is still going, and stops after', async () => {
      let finish: (r: { code: number; signal: null; tail: string[] }) => void = () => undefined;
      const buildah = {
        run: (args: string[]) =>
          args.includes('pull')
            ? new Promise((resolve) => {
                finish = resolve;
              })
            : Promise.resolve({ code: 0, signal: null, tail: [] }),
      } as unknown as BuildahRunner;
      const config = builderEnv.parse({ KILN_BUILDAH_ROOT: root });
      const bases = new BaseImages(config, new BuilderStorage(config, buildah), buildah);
      const logged: string[] = [];
      const still = () => logged.filter((l) => l.startsWith('Still pulling r/big:1: ')).length;
      const pulling = bases.ensure(['r/big:1'], {
        forcePull: true,
        log: (line) => logged.push(line),
        signal: new AbortController().signal,
        progressEveryMs: 20,
      });
      const deadline = Date.now() + 5000;
      while (still() < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(still()).toBeGreaterThanOrEqual(2);
      finish({ code: 0, signal: null, tail: [] });
      await pulling;
      const after = still();
      await new Promise((r) => setTimeout(r, 100));
      expect(still()).toBe(after);
      expect(logged.find((l) => l.startsWith('Still pulling'))).toMatch(
        /^Still pulling r\/big:1: \d+ s, 0 blob\(s\) downloaded so far$/,
      );
    });

    it('pulls a missing image once, and again only when forcePull asks', async () => {
      const { ensure, verbs } = setUp([]);
      const pulledApp = [
        {
          image: 'r/app:1',
          startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
          durationMilliseconds: expect.any(Number) as unknown,
        },
      ];
      expect(await ensure(['r/app:1'])).toEqual({ pulled: pulledApp, reused: [], bytes: 0 });
      await ensure(['r/app:1']);
      expect(await ensure(['r/app:1'], true)).toEqual({
        pulled: pulledApp,
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
