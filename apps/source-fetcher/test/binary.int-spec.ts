import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { MediaTypes } from '@kiln/artifact-store';
import { Subjects } from '@kiln/events';
import { makeTempDir } from '@kiln/testing';
import { paxPath, tar, tarGz, zip, type TarEntry } from './support/archives.js';
import {
  expectStepTimings,
  FetcherHarness,
  type Binary,
  type Outcome,
} from './support/fetcher-harness.js';

describe('the source-fetcher, validating binary uploads', () => {
  let fetcher: FetcherHarness;
  const outside = makeTempDir('outside');
  /** From wherever the fetcher extracts, a path that climbs to `/` and down into `outside`. */
  const climb = (name: string) => `${'../'.repeat(40)}${outside.path.slice(1)}/${name}`;

  beforeAll(async () => {
    fetcher = await FetcherHarness.start({
      KILN_MAX_SOURCE_BYTES: String(5 * 1024 * 1024),
      KILN_MAX_SOURCE_FILES: '20000',
    });
  }, 60_000);

  afterAll(async () => {
    await fetcher.stop();
    outside.remove();
  });

  /** Stores the body as build-api does for instantiatebinary. */
  async function upload(
    body: Buffer,
    format: Binary['format'],
    asFile?: string,
    namespace = 'team',
  ): Promise<Binary> {
    const blob = await fetcher.client.pushBlob(`kiln-sources/${namespace}`, Readable.from([body]));
    return {
      upload: {
        repository: `${fetcher.registry.host}/kiln-sources/${namespace}`,
        digest: blob.digest,
        size: blob.size,
      },
      format,
      ...(asFile ? { asFile } : {}),
    };
  }

  /** The "Source bundle" line the fetcher logs for a stored bundle, as a pattern. */
  const bundleLine = async (result: Outcome, format: string) => {
    const layer = await fetcher.bundleLayer(result.data.bundle!);
    return expect.stringMatching(
      new RegExp(
        `^Source bundle ${result.data.bundle!.digest}: ${layer.size} bytes of ${format}, \\d+ bytes sent$`,
      ),
    ) as string;
  };

  const binarySpec = (extra: Record<string, unknown> = {}) => ({
    source: { binary: {}, ...extra },
    strategy: { type: 'Docker' },
  });

  describe('accepts', () => {
    it('a tar.gz, made a bundle by a manifest over the uploaded blob itself', async () => {
      const binary = await upload(
        tarGz([
          { name: 'app/', type: '5', mode: 0o755 },
          { name: 'app/index.js', data: 'console.log(1)\n' },
          { name: 'app/run.sh', data: '#!/bin/sh\n', mode: 0o755 },
          { name: 'app/main.js', type: '2', linkname: 'index.js' },
        ]),
        'tar.gz',
      );

      const since = Date.now();
      const result = await fetcher.fetch(binarySpec(), { binary });

      expect(result.subject).toBe(Subjects.SourceFetched);
      expect(result.log).toEqual([
        `Receiving the uploaded tar.gz archive (${binary.upload.size} bytes) ...`,
        'Extracted 4 entries (25 bytes) from the upload',
        await bundleLine(result, 'tar.gz'),
      ]);
      expectStepTimings(result, ['StoreSourceBundle'], since);
      const repo = 'kiln-sources/team';
      const manifest = JSON.parse(
        (
          await fetcher.client.getManifest(repo, result.data.bundle!.digest, [
            MediaTypes.imageManifest,
          ])
        ).body.toString(),
      ) as { layers: { digest: string }[] };
      expect(manifest.layers[0]?.digest).toBe(binary.upload.digest);
      const dir = await fetcher.extract(result.data.bundle!);
      expect(readFileSync(join(dir, 'app/main.js'), 'utf8')).toBe('console.log(1)\n');
    });

    it('a zip with a contextDir', async () => {
      const binary = await upload(
        zip([
          { name: 'web/', mode: 0o040755 },
          { name: 'web/index.html', data: '<h1>zip</h1>', deflate: true },
        ]),
        'zip',
      );

      const result = await fetcher.fetch(binarySpec({ contextDir: 'web' }), { binary });

      const dir = await fetcher.extract(result.data.bundle!);
      expect(readFileSync(join(dir, 'web/index.html'), 'utf8')).toBe('<h1>zip</h1>');
    });

    it('a single file with asFile', async () => {
      const binary = await upload(Buffer.from('PK-not-really-a-jar'), 'file', 'app.jar');

      const result = await fetcher.fetch(binarySpec({ binary: { asFile: 'app.jar' } }), { binary });

      expect(result.log).toEqual([
        'Receiving the uploaded file "app.jar" (19 bytes) ...',
        'Stored the upload as app.jar (19 bytes)',
        await bundleLine(result, 'tar.gz'),
      ]);
      const dir = await fetcher.extract(result.data.bundle!);
      expect(readdirSync(dir)).toEqual(['app.jar']);
      expect(readFileSync(join(dir, 'app.jar'), 'utf8')).toBe('PK-not-really-a-jar');
    });

    it('an archive with an inline Dockerfile, repacked with it', async () => {
      const binary = await upload(tar([{ name: 'a.txt', data: 'a' }]), 'tar');

      const result = await fetcher.fetch(
        binarySpec({ dockerfile: 'FROM scratch\nCOPY a.txt /\n' }),
        {
          binary,
        },
      );

      const dir = await fetcher.extract(result.data.bundle!);
      expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'a.txt']);
    });

    it('and takes the revision from the build, as build-api set it from the upload query', async () => {
      const binary = await upload(tar([{ name: 'a.txt', data: 'a' }]), 'tar');

      const result = await fetcher.fetch(
        {
          ...binarySpec(),
          revision: {
            type: 'Git',
            git: { commit: 'abc1234', message: 'local change', author: { name: 'Ada' } },
          },
        },
        { binary },
      );

      expect(result.data.revision).toEqual({
        commit: 'abc1234',
        message: 'local change',
        authorName: 'Ada',
      });
    });
  });

  describe('refuses', () => {
    it('an upload stored in another namespace', async () => {
      const binary = await upload(tar([{ name: 'a', data: 'a' }]), 'tar', undefined, 'other-team');

      const result = await fetcher.fetch(binarySpec(), { binary });

      expect(result.data.message).toMatch(/is not in this namespace's source store/);
    });

    it('a binary build that came without its upload', async () => {
      const result = await fetcher.fetch(binarySpec());

      expect(result.data.message).toMatch(/no upload came with it/);
    });

    it('an upload that is not an archive of its format', async () => {
      const binary = await upload(Buffer.from('definitely not gzip'), 'tar.gz');

      const result = await fetcher.fetch(binarySpec(), { binary });

      expect(result.data).toMatchObject({ reason: 'FetchSourceFailed' });
      expect(result.data.message).toMatch(/is not a readable tar\.gz archive/);
    });
  });

  describe('refuses a malicious archive, naming the entry, writing nothing outside', () => {
    const many = (n: number): TarEntry[] =>
      Array.from({ length: n }, (_, i) => ({ name: `f/${i}`, data: '' }));
    const deep = Array.from({ length: 100 }, (_, i) => `d${i}`).join('/');
    const zeros = Buffer.alloc(50 * 1024 * 1024);

    const corpus: [
      string,
      () => { body: Buffer; format: Binary['format']; asFile?: string },
      RegExp,
    ][] = [
      [
        'tar-slip with ../',
        () => ({ body: tarGz([{ name: climb('slip'), data: 'x' }]), format: 'tar.gz' }),
        /"\.\." component/,
      ],
      [
        'an absolute path',
        () => ({ body: tar([{ name: `${outside.path}/abs`, data: 'x' }]), format: 'tar' }),
        /absolute paths/,
      ],
      [
        '.. in the middle',
        () => ({ body: tar([{ name: 'a/../../mid', data: 'x' }]), format: 'tar' }),
        /"\.\." component/,
      ],
      [
        'a Windows drive path',
        () => ({ body: tar([{ name: 'C:/evil', data: 'x' }]), format: 'tar' }),
        /absolute paths/,
      ],
      [
        'a backslash path',
        () => ({ body: tar([{ name: '..\\..\\evil', data: 'x' }]), format: 'tar' }),
        /backslash/,
      ],
      [
        'a symlink to an absolute path',
        () => ({ body: tar([{ name: 'etc', type: '2', linkname: '/etc' }]), format: 'tar' }),
        /is absolute/,
      ],
      [
        'a symlink climbing out',
        () => ({ body: tar([{ name: 'up', type: '2', linkname: '../../..' }]), format: 'tar' }),
        /resolves outside/,
      ],
      [
        'a chain of links that climbs out only together',
        () => ({
          body: tar([
            { name: 'self', type: '2', linkname: '.' },
            { name: 'out', type: '2', linkname: 'self/..' },
          ]),
          format: 'tar',
        }),
        /resolves outside/,
      ],
      [
        'a file written through a symlink',
        () => ({
          body: tar([
            { name: 'escape', type: '2', linkname: outside.path },
            { name: 'escape/through', data: 'x' },
          ]),
          format: 'tar',
        }),
        /is absolute|through the symlink/,
      ],
      [
        'a character device',
        () => ({ body: tar([{ name: 'null', type: '3' }]), format: 'tar' }),
        /character device entries are not accepted/,
      ],
      [
        'a block device',
        () => ({ body: tar([{ name: 'sda', type: '4' }]), format: 'tar' }),
        /block device entries are not accepted/,
      ],
      [
        'a fifo',
        () => ({ body: tar([{ name: 'pipe', type: '6' }]), format: 'tar' }),
        /fifo entries are not accepted/,
      ],
      [
        'a hardlink to /etc/passwd',
        () => ({ body: tar([{ name: 'pw', type: '1', linkname: '/etc/passwd' }]), format: 'tar' }),
        /hardlink target/,
      ],
      [
        'a hardlink climbing out',
        () => ({
          body: tar([{ name: 'pw', type: '1', linkname: '../../../etc/passwd' }]),
          format: 'tar',
        }),
        /hardlink target/,
      ],
      [
        'a hardlink to a file not in the archive',
        () => ({ body: tar([{ name: 'pw', type: '1', linkname: 'missing' }]), format: 'tar' }),
        /not a regular file extracted earlier/,
      ],
      [
        'a pax header renaming an entry out',
        () => ({
          body: tar([paxPath(climb('pax')), { name: 'innocent', data: 'x' }]),
          format: 'tar',
        }),
        /"\.\." component/,
      ],
      [
        'a GNU long name climbing out',
        () => ({
          body: tar([
            { name: '././@LongLink', type: 'L', data: `${climb('gnu')}\0` },
            { name: 'innocent', data: 'x' },
          ]),
          format: 'tar',
        }),
        /"\.\." component/,
      ],
      [
        'a gzip bomb',
        () => ({ body: gzipSync(tar([{ name: 'zeros', data: zeros }])), format: 'tar.gz' }),
        /exceeds the limit of 5242880 bytes/,
      ],
      [
        'a zip bomb',
        () => ({ body: zip([{ name: 'zeros', data: zeros, deflate: true }]), format: 'zip' }),
        /exceeds the limit/,
      ],
      [
        '100 000 files',
        () => ({ body: tarGz(many(100_000)), format: 'tar.gz' }),
        /more than 20000 entries/,
      ],
      [
        'a path 100 levels deep',
        () => ({ body: tar([paxPath(`${deep}/x`), { name: 'x', data: 'x' }]), format: 'tar' }),
        /101 levels deep, over the limit of 64/,
      ],
      [
        'zip-slip',
        () => ({ body: zip([{ name: climb('zipslip'), data: 'x' }]), format: 'zip' }),
        /"\.\." component/,
      ],
      [
        'a zip with an absolute path',
        () => ({ body: zip([{ name: `${outside.path}/zipabs`, data: 'x' }]), format: 'zip' }),
        /absolute paths/,
      ],
      [
        'a zip symlink out',
        () => ({
          body: zip([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]),
          format: 'zip',
        }),
        /is absolute/,
      ],
      [
        'a zip device',
        () => ({ body: zip([{ name: 'dev', mode: 0o020644 }]), format: 'zip' }),
        /character device entries are not accepted/,
      ],
      [
        'an asFile name that climbs',
        () => ({ body: Buffer.from('x'), format: 'file', asFile: '../asfile' }),
        /one path component/,
      ],
      [
        'an asFile over the size limit',
        () => ({ body: Buffer.alloc(6 * 1024 * 1024), format: 'file', asFile: 'big.bin' }),
        /exceeds the limit/,
      ],
    ];

    it.each(corpus)(
      '%s',
      async (_what, make, message) => {
        const { body, format, asFile } = make();
        const binary = await upload(body, format, asFile);

        const result = await fetcher.fetch(binarySpec(), { binary });

        expect(result.data.reason).toBe('FetchSourceFailed');
        expect(result.data.message).toMatch(
          /^the uploaded (archive|file) was refused: archive entry ".*" refused: /,
        );
        expect(result.data.message).toMatch(message);
        expect(readdirSync(outside.path)).toEqual([]);
      },
      60_000,
    );

    it('leaves no work directory behind', () => {
      const work = join(fetcher.work.path, 'work');
      mkdirSync(work, { recursive: true });
      expect(readdirSync(work).filter((n) => n.startsWith('fetch-'))).toEqual([]);
      expect(existsSync(join(outside.path, 'slip'))).toBe(false);
    });
  });
});
