import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { blockSize, encodeHeader, paxRecord, type TarHeader } from './tar-header.js';

/** Every entry gets this mtime, so a tree's archive does not depend on when it was checked out. */
export const fixedMtime = 0;

type TreeEntry = {
  path: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  executable: boolean;
  target: string;
};

/**
 * A deterministic tar.gz of a directory: entries sorted by path, uid/gid 0, fixed mtime, modes
 * reduced to 0644/0755, so the same tree always gives the same bytes (Node writes gzip headers
 * without a timestamp). Regular files, directories and symlinks (stored as they are); other
 * kinds are refused. Streams: files are read as the archive is consumed.
 */
export function packDirectory(dir: string): Readable {
  // pipeline, not pipe: an error while walking must reach whoever reads the gzip stream.
  return pipeline(Readable.from(tarStream(dir)), createGzip({ level: 6 }), () => undefined);
}

async function* tarStream(dir: string): AsyncGenerator<Buffer> {
  for await (const entry of walk(dir, '')) {
    yield* headerBlocks(entry);
    if (entry.type === 'file') {
      let written = 0;
      for await (const chunk of createReadStream(join(dir, entry.path)) as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (written > entry.size) {
          throw new Error(`${entry.path} grew while it was being packed`);
        }
        yield chunk;
      }
      if (written !== entry.size) {
        throw new Error(`${entry.path} shrank while it was being packed`);
      }
      yield Buffer.alloc((blockSize - (entry.size % blockSize)) % blockSize);
    }
  }
  yield Buffer.alloc(blockSize * 2);
}

async function* walk(root: string, relative: string): AsyncGenerator<TreeEntry> {
  const names = (await readdir(join(root, relative))).sort();
  for (const name of names) {
    const path = relative ? `${relative}/${name}` : name;
    const stats = await lstat(join(root, path));
    if (stats.isDirectory()) {
      yield { path, type: 'directory', size: 0, executable: true, target: '' };
      yield* walk(root, path);
    } else if (stats.isFile()) {
      yield {
        path,
        type: 'file',
        size: stats.size,
        executable: (stats.mode & 0o111) !== 0,
        target: '',
      };
    } else if (stats.isSymbolicLink()) {
      yield {
        path,
        type: 'symlink',
        size: 0,
        executable: false,
        target: await readlink(join(root, path)),
      };
    } else {
      throw new Error(
        `cannot pack ${path}: only regular files, directories and symlinks go into a source bundle`,
      );
    }
  }
}

function* headerBlocks(entry: TreeEntry): Generator<Buffer> {
  const name = entry.type === 'directory' ? `${entry.path}/` : entry.path;
  const header: TarHeader = {
    name,
    mode: entry.type === 'symlink' ? 0o777 : entry.executable ? 0o755 : 0o644,
    size: entry.size,
    mtime: fixedMtime,
    type: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2',
    linkname: entry.target,
  };
  // Names that do not fit ustar's 100 bytes (or are not ASCII) go in a pax record, which every tar reads.
  const records = [
    fits(name) ? '' : paxRecord('path', name),
    fits(entry.target) ? '' : paxRecord('linkpath', entry.target),
  ].join('');
  if (records) {
    const body = Buffer.from(records, 'utf8');
    yield encodeHeader({
      name: 'PaxHeader',
      mode: 0o644,
      size: body.length,
      mtime: fixedMtime,
      type: 'x',
      linkname: '',
    });
    yield body;
    yield Buffer.alloc((blockSize - (body.length % blockSize)) % blockSize);
    header.name = asciiPrefix(name);
    header.linkname = asciiPrefix(entry.target);
  }
  yield encodeHeader(header);
}

function fits(text: string): boolean {
  return text.length < 100 && /^[\x20-\x7e]*$/.test(text);
}

function asciiPrefix(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '_').slice(0, 99);
}
