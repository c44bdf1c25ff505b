import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventOf, ResolvedObject } from '@kiln/events';
import { incrementalObjects, writeIncrementalAuthfile } from './incremental-auth.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;

const aJob = (incremental?: Job['incremental']): Job => ({
  build: { metadata: { name: 'app-1', namespace: 'team', uid: 'u' }, spec: {} },
  bundle: { repository: 'r', digest: `sha256:${'0'.repeat(64)}`, size: 1 },
  dockerfile: 'FROM x',
  buildArgs: {},
  baseImages: [],
  steps: [],
  contextDir: '',
  layers: 'SkipLayers',
  injections: [],
  volumes: [],
  pullSecret: 'pull',
  ...(incremental ? { incremental } : {}),
});

const dockerConfig = (auths: Record<string, unknown>): ResolvedObject => ({
  kind: 'Secret',
  name: 'push',
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
});

describe('incremental pull credentials', () => {
  let work = '';
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'kiln-incremental-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  describe(incrementalObjects.name, () => {
    it('asks for the push secret of an incremental job, and nothing otherwise', () => {
      expect(incrementalObjects(aJob({ image: 'h:5000/a/b:1', pullSecret: 'push' }))).toEqual([
        { kind: 'Secret', name: 'push' },
      ]);
      expect(incrementalObjects(aJob({ image: 'h:5000/a/b:1' }))).toEqual([]);
      expect(incrementalObjects(aJob())).toEqual([]);
    });
  });

  describe(writeIncrementalAuthfile.name, () => {
    it("writes only the push secret's entry for the image's registry, 0600", () => {
      const secret = dockerConfig({
        'https://h:5000/v1/': { username: 'pusher', password: 's3cret' },
        'other:5000': { auth: Buffer.from('x:y').toString('base64') },
      });
      const authfile = writeIncrementalAuthfile(
        aJob({ image: 'h:5000/a/b:1', pullSecret: 'push' }),
        new Map([['Secret/push', secret]]),
        work,
      );
      expect(authfile).toBe(join(work, 'incremental-auth.json'));
      expect(JSON.parse(readFileSync(authfile ?? '', 'utf8'))).toEqual({
        auths: { 'h:5000': { auth: Buffer.from('pusher:s3cret').toString('base64') } },
      });
      expect(statSync(authfile ?? '').mode & 0o777).toBe(0o600);
    });

    it('writes nothing when the push secret has no entry for that registry', () => {
      const secret = dockerConfig({ 'other:5000': { username: 'a', password: 'b' } });
      expect(
        writeIncrementalAuthfile(
          aJob({ image: 'h:5000/a/b:1', pullSecret: 'push' }),
          new Map([['Secret/push', secret]]),
          work,
        ),
      ).toBeUndefined();
    });

    it('writes nothing for a job that is not incremental', () => {
      expect(writeIncrementalAuthfile(aJob(), new Map(), work)).toBeUndefined();
    });
  });
});
