import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { makeTempDir } from '@kiln/testing';
import { ArchiveEntryRefused } from './archive-entry-refused.js';
import { tarEntry, tarGzOf, tarOf, zipOf } from './archive-builders.spec-helper.js';
import { extractArchive } from './extract-archive.js';
import { extractSingleFile } from './extract-single-file.js';
import type { ArchiveFormat, ExtractLimits } from './limits.js';
import { packDirectory } from './tar-writer.js';

type Workspace = { root: string; dest: string; outside: string; remove: () => void };

/** dest/ is where archives go; outside/ holds a sentinel that must stay the only thing there. */
function workspace(): Workspace {
  const dir = makeTempDir('extract');
  const dest = join(dir.path, 'dest');
  const outside = join(dir.path, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'sentinel'), 'keep');
  return { root: dir.path, dest, outside, remove: dir.remove };
}

/** Every path under root, except those inside dest. */
function everythingOutsideDest(ws: Workspace): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === ws.dest) {
        continue;
      }
      found.push(path.slice(ws.root.length));
      if (lstatSync(path).isDirectory()) {
        visit(path);
      }
    }
  };
  visit(ws.root);
  return found.sort();
}

async function* repeat(block: Buffer, times: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < times; i++) {
    yield block;
  }
}

type Case = {
  title: string;
  format: ArchiveFormat;
  build: (ws: Workspace) => Buffer | Readable;
  entry: string;
  reason: RegExp;
  limits?: Partial<ExtractLimits>;
};

const zeros = (n: number) => Buffer.alloc(n);

const maliciousCases: Case[] = [
  {
    title: 'tar-slip with ../',
    format: 'tar',
    build: () => tarOf([{ name: '../evil.txt', body: 'x' }]),
    entry: '../evil.txt',
    reason: /"\.\."/,
  },
  {
    title: 'tar-slip nested a/../../',
    format: 'tar',
    build: () => tarOf([{ name: 'a/../../evil.txt', body: 'x' }]),
    entry: 'a/../../evil.txt',
    reason: /"\.\."/,
  },
  {
    title: 'an absolute path',
    format: 'tar',
    build: (ws) => tarOf([{ name: join(ws.outside, 'abs.txt'), body: 'x' }]),
    entry: 'abs.txt',
    reason: /absolute/,
  },
  {
    title: 'a symlink to an absolute path',
    format: 'tar',
    build: (ws) => tarOf([{ name: 'link', type: '2', linkname: ws.outside }]),
    entry: 'link',
    reason: /absolute/,
  },
  {
    title: 'a symlink escaping with ../',
    format: 'tar',
    build: () => tarOf([{ name: 'sub/link', type: '2', linkname: '../../outside' }]),
    entry: 'sub/link',
    reason: /outside the destination/,
  },
  {
    title: 'a symlink chain through an earlier symlink',
    format: 'tar',
    build: () =>
      tarOf([
        { name: 'sub/', type: '5' },
        { name: 'sub/up', type: '2', linkname: '..' },
        { name: 'esc', type: '2', linkname: 'sub/up/../outside' },
      ]),
    entry: 'esc',
    reason: /outside the destination/,
  },
  {
    title: 'a symlink chain that only escapes once a later link exists',
    format: 'tar',
    build: () =>
      tarOf([
        { name: 'd', type: '2', linkname: 'x/..' },
        { name: 'x', type: '2', linkname: '.' },
      ]),
    entry: 'd',
    reason: /outside the destination/,
  },
  {
    title: 'a file written through a symlink to a directory',
    format: 'tar',
    build: () =>
      tarOf([
        { name: 'link', type: '2', linkname: '../outside' },
        { name: 'link/evil.txt', body: 'x' },
      ]),
    entry: 'link/evil.txt',
    reason: /through the symlink "link"/,
  },
  {
    title: 'a file that replaces a symlink of the same name',
    format: 'tar',
    build: () =>
      tarOf([
        { name: 'f', type: '2', linkname: '../outside/sentinel' },
        { name: 'f', body: 'overwrite' },
      ]),
    entry: 'f',
    reason: /through a symlink/,
  },
  {
    title: 'a hardlink out of the tree',
    format: 'tar',
    build: () => tarOf([{ name: 'h', type: '1', linkname: '../outside/sentinel' }]),
    entry: 'h',
    reason: /hardlink target/,
  },
  {
    title: 'a hardlink to an absolute path',
    format: 'tar',
    build: () => tarOf([{ name: 'h', type: '1', linkname: '/etc/passwd' }]),
    entry: 'h',
    reason: /absolute/,
  },
  {
    title: 'a hardlink to a file not in the archive',
    format: 'tar',
    build: () => tarOf([{ name: 'h', type: '1', linkname: 'sentinel' }]),
    entry: 'h',
    reason: /not a regular file extracted earlier/,
  },
  {
    title: 'a character device',
    format: 'tar',
    build: () => tarOf([{ name: 'null', type: '3' }]),
    entry: 'null',
    reason: /character device/,
  },
  {
    title: 'a block device',
    format: 'tar',
    build: () => tarOf([{ name: 'sda', type: '4' }]),
    entry: 'sda',
    reason: /block device/,
  },
  {
    title: 'a fifo',
    format: 'tar',
    build: () => tarOf([{ name: 'pipe', type: '6' }]),
    entry: 'pipe',
    reason: /fifo/,
  },
  {
    title: 'a GNU sparse file',
    format: 'tar',
    build: () => tarOf([{ name: 'sparse', type: 'S' }]),
    entry: 'sparse',
    reason: /not accepted/,
  },
  {
    title: 'a NUL byte in a pax path',
    format: 'tar',
    build: () => tarOf([{ name: 'x', pax: { path: 'ok\0../../evil' }, body: 'x' }]),
    entry: 'ok',
    reason: /NUL/,
  },
  {
    title: 'a backslash path',
    format: 'tar',
    build: () => tarOf([{ name: '..\\evil.txt', body: 'x' }]),
    entry: '..',
    reason: /backslash/,
  },
  {
    title: 'a pax path that slips out while the ustar name looks safe',
    format: 'tar',
    build: () => tarOf([{ name: 'safe.txt', pax: { path: '../../pax-evil.txt' }, body: 'x' }]),
    entry: '../../pax-evil.txt',
    reason: /"\.\."/,
  },
  {
    title: 'a tar bomb over maxBytes',
    format: 'tar.gz',
    build: () => tarGzOf([{ name: 'big', body: zeros(3 * 1024 * 1024) }]),
    entry: 'big',
    reason: /exceeds the limit of 1048576 bytes/,
    limits: { maxBytes: 1024 * 1024 },
  },
  {
    title: '100k tiny files over maxFiles',
    format: 'tar.gz',
    build: () =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < 100_000; i++) {
            yield* tarEntry({ name: `f${i}` });
          }
          yield zeros(1024);
        })(),
      ).pipe(createGzip({ level: 1 })),
    entry: 'f1000',
    reason: /more than 1000 entries/,
    limits: { maxFiles: 1000 },
  },
  {
    title: 'a path deeper than maxDepth',
    format: 'tar',
    build: () => tarOf([{ name: `${'d/'.repeat(40)}f`, body: 'x' }]),
    entry: 'd/d/d',
    reason: /41 levels deep, over the limit of 32/,
    limits: { maxDepth: 32 },
  },
  {
    title: 'a corrupt header',
    format: 'tar',
    build: () => {
      const t = tarOf([{ name: 'a', body: 'x' }]);
      t[0] = 0x42;
      return t;
    },
    entry: '<header at byte 0>',
    reason: /checksum/,
  },
  {
    title: 'a truncated entry',
    format: 'tar',
    build: () => tarOf([{ name: 'cut', body: 'x'.repeat(600) }]).subarray(0, 1024),
    entry: 'cut',
    reason: /truncated/,
  },
  {
    title: 'zip-slip with ../',
    format: 'zip',
    build: () => zipOf([{ name: '../evil.txt', body: 'x' }]),
    entry: '../evil.txt',
    reason: /"\.\."/,
  },
  {
    title: 'a zip absolute path',
    format: 'zip',
    build: (ws) => zipOf([{ name: join(ws.outside, 'abs.txt'), body: 'x' }]),
    entry: 'abs.txt',
    reason: /absolute/,
  },
  {
    title: 'a zip symlink escaping',
    format: 'zip',
    build: () => zipOf([{ name: 'link', body: '../outside', unixMode: 0o120777 }]),
    entry: 'link',
    reason: /outside the destination/,
  },
  {
    title: 'a zip file written through its own symlink',
    format: 'zip',
    build: () =>
      zipOf([
        { name: 'link', body: '../outside', unixMode: 0o120777 },
        { name: 'link/evil.txt', body: 'x' },
      ]),
    entry: 'link/evil.txt',
    reason: /through the symlink/,
  },
  {
    title: 'a zip bomb (high ratio) over maxBytes',
    format: 'zip',
    build: () => zipOf([{ name: 'bomb', body: zeros(40 * 1024 * 1024), deflate: true }]),
    entry: 'bomb',
    reason: /exceeds the limit/,
    limits: { maxBytes: 4 * 1024 * 1024 },
  },
  {
    title: 'a zip entry that inflates past its declared size',
    format: 'zip',
    build: () =>
      zipOf([{ name: 'liar', body: zeros(1024 * 1024), deflate: true, declaredSize: 10 }]),
    entry: 'liar',
    reason: /invalid/,
  },
  {
    title: 'a zip fifo',
    format: 'zip',
    build: () => zipOf([{ name: 'pipe', unixMode: 0o010644 }]),
    entry: 'pipe',
    reason: /fifo/,
  },
  {
    title: 'a zip character device',
    format: 'zip',
    build: () => zipOf([{ name: 'tty', unixMode: 0o020644 }]),
    entry: 'tty',
    reason: /character device/,
  },
  {
    title: 'a NUL byte in a zip name',
    format: 'zip',
    build: () => zipOf([{ name: Buffer.from('ok\0evil'), body: 'x' }]),
    entry: 'ok',
    reason: /NUL/,
  },
];

describe(extractArchive.name, () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.remove());

  describe('malicious archives', () => {
    it.each(maliciousCases.map((c) => [c.title, c] as const))('refuses %s', async (_title, c) => {
      const built = c.build(ws);
      const input = Buffer.isBuffer(built) ? Readable.from([built]) : built;

      const error = await extractArchive(input, ws.dest, { format: c.format, ...c.limits }).then(
        () => null,
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(ArchiveEntryRefused);
      const refused = error as ArchiveEntryRefused;
      expect(refused.message).toContain(JSON.stringify(refused.entry));
      expect(refused.entry).toContain(c.entry);
      expect(refused.message).toMatch(c.reason);
      expect(everythingOutsideDest(ws)).toEqual(['/outside', '/outside/sentinel']);
      expect(readFileSync(join(ws.outside, 'sentinel'), 'utf8')).toBe('keep');
    });

    it('has a corpus of at least 20 archives', () => {
      expect(maliciousCases.length).toBeGreaterThanOrEqual(20);
    });

    it('refuses to write through a symlink already present in the destination', async () => {
      mkdirSync(ws.dest);
      symlinkSync(ws.outside, join(ws.dest, 'planted'));

      await expect(
        extractArchive(Readable.from([tarOf([{ name: 'planted/evil', body: 'x' }])]), ws.dest, {
          format: 'tar',
        }),
      ).rejects.toThrow(
        /"planted\/evil" refused: it would be written through the symlink "planted"/,
      );
      expect(existsSync(join(ws.outside, 'evil'))).toBe(false);
    });
  });

  describe('valid archives', () => {
    it('round-trips a packed directory: files, modes, nested dirs, long and unicode names, symlinks', async () => {
      const src = join(ws.root, 'src');
      const long = `${'long-name-'.repeat(12)}.txt`;
      mkdirSync(join(src, 'a/b/c'), { recursive: true });
      mkdirSync(join(src, 'empty'));
      writeFileSync(join(src, 'a/b/c/deep.txt'), 'deep');
      writeFileSync(join(src, 'run.sh'), '#!/bin/sh\n');
      chmodSync(join(src, 'run.sh'), 0o755);
      writeFileSync(join(src, 'a', long), 'long');
      writeFileSync(join(src, 'ünïcødé.txt'), 'u');
      writeFileSync(join(src, 'big.bin'), Buffer.alloc(300_000, 7));
      symlinkSync('a/b/c/deep.txt', join(src, 'link'));
      symlinkSync('not-there-yet', join(src, 'a/dangling'));

      const result = await extractArchive(packDirectory(src), ws.dest, { format: 'tar.gz' });

      expect(result.entries).toBe(11);
      expect(readFileSync(join(ws.dest, 'a/b/c/deep.txt'), 'utf8')).toBe('deep');
      expect(readFileSync(join(ws.dest, 'a', long), 'utf8')).toBe('long');
      expect(readFileSync(join(ws.dest, 'ünïcødé.txt'), 'utf8')).toBe('u');
      expect(readFileSync(join(ws.dest, 'big.bin')).equals(Buffer.alloc(300_000, 7))).toBe(true);
      expect(lstatSync(join(ws.dest, 'run.sh')).mode & 0o111).not.toBe(0);
      expect(readlinkSync(join(ws.dest, 'link'))).toBe('a/b/c/deep.txt');
      expect(readlinkSync(join(ws.dest, 'a/dangling'))).toBe('not-there-yet');
      expect(lstatSync(join(ws.dest, 'empty')).isDirectory()).toBe(true);
    });

    it('writes a hardlink to an earlier file of the same archive as a copy', async () => {
      const tar = tarOf([
        { name: 'orig', body: 'same' },
        { name: 'dir/copy', type: '1', linkname: 'orig' },
      ]);

      await extractArchive(Readable.from([tar]), ws.dest, { format: 'tar' });

      expect(readFileSync(join(ws.dest, 'dir/copy'), 'utf8')).toBe('same');
      expect(lstatSync(join(ws.dest, 'dir/copy')).nlink).toBe(1);
    });

    it('accepts a symlink that goes up and back inside', async () => {
      const tar = tarOf([
        { name: 'a/', type: '5' },
        { name: 'a/up', type: '2', linkname: '../a' },
        { name: 'b', type: '2', linkname: 'a/up/../a' },
      ]);

      await extractArchive(Readable.from([tar]), ws.dest, { format: 'tar' });

      expect(readlinkSync(join(ws.dest, 'b'))).toBe('a/up/../a');
    });

    it('extracts a zip with directories, deflated files and an inside symlink', async () => {
      const zip = zipOf([
        { name: 'src/', unixMode: 0o040755 },
        { name: 'src/main.ts', body: 'console.log(1)', deflate: true },
        { name: 'main', body: 'src/main.ts', unixMode: 0o120777 },
      ]);

      const result = await extractArchive(Readable.from([zip]), ws.dest, { format: 'zip' });

      expect(result).toEqual({ entries: 3, bytes: 14 });
      expect(readFileSync(join(ws.dest, 'main'), 'utf8')).toBe('console.log(1)');
    });

    it('reads an archive given as a file path', async () => {
      const path = join(ws.root, 'in.tar.gz');
      writeFileSync(path, tarGzOf([{ name: 'x.txt', body: 'x' }]));

      await extractArchive(path, ws.dest, { format: 'tar.gz' });

      expect(readFileSync(join(ws.dest, 'x.txt'), 'utf8')).toBe('x');
    });

    it('counts bytes really written, so many small entries add up to maxBytes', async () => {
      const tar = tarOf(
        Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, body: zeros(1000) })),
      );

      await expect(
        extractArchive(Readable.from([tar]), ws.dest, { format: 'tar', maxBytes: 10_500 }),
      ).rejects.toThrow(/"f10" refused: .*exceeds/);
    });

    it('streams a large input without holding it (reads from a generator)', async () => {
      const body = repeat(zeros(64 * 1024), 64);
      const header = tarEntry({ name: 'four-mb', size: 4 * 1024 * 1024 })[0]!;
      const input = Readable.from(
        (async function* () {
          yield header;
          yield* body;
          yield zeros(1024);
        })(),
      );

      const result = await extractArchive(input, ws.dest, { format: 'tar' });

      expect(result.bytes).toBe(4 * 1024 * 1024);
    });
  });
});

describe(extractSingleFile.name, () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.remove());

  it('writes the upload under the given name', async () => {
    const result = await extractSingleFile(
      Readable.from([Buffer.from('jar')]),
      ws.dest,
      'app.jar',
      { maxBytes: 100 },
    );

    expect(result.bytes).toBe(3);
    expect(readFileSync(join(ws.dest, 'app.jar'), 'utf8')).toBe('jar');
  });

  it.each(['../app.jar', 'a/b', '..', '', 'x\0y'])('refuses the unsafe name %j', async (name) => {
    await expect(
      extractSingleFile(Readable.from([Buffer.from('x')]), ws.dest, name, { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(ArchiveEntryRefused);
    expect(everythingOutsideDest(ws)).toEqual(['/outside', '/outside/sentinel']);
  });

  it('refuses when a symlink of that name is planted in the destination', async () => {
    mkdirSync(ws.dest);
    symlinkSync(join(ws.outside, 'sentinel'), join(ws.dest, 'app.jar'));

    await expect(
      extractSingleFile(Readable.from([Buffer.from('x')]), ws.dest, 'app.jar', { maxBytes: 100 }),
    ).rejects.toThrow(/already exists/);
    expect(readFileSync(join(ws.outside, 'sentinel'), 'utf8')).toBe('keep');
  });

  it('refuses an upload over maxBytes and removes the partial file', async () => {
    await expect(
      extractSingleFile(Readable.from([zeros(50), zeros(60)]), ws.dest, 'big', { maxBytes: 100 }),
    ).rejects.toThrow(/"big" refused: the upload exceeds the limit of 100 bytes/);
    expect(existsSync(join(ws.dest, 'big'))).toBe(false);
  });
});
