import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ArchiveEntryRefused } from './archive-entry-refused.js';
import type { ArchiveEntry, EntryVisitor } from './archive-entry.js';

const unixHost = 3;
const fileTypes: Record<number, { kind: ArchiveEntry['kind']; label: string }> = {
  0o100000: { kind: 'file', label: 'regular file' },
  0o040000: { kind: 'directory', label: 'directory' },
  0o120000: { kind: 'symlink', label: 'symlink' },
  0o020000: { kind: 'unsupported', label: 'character device' },
  0o060000: { kind: 'unsupported', label: 'block device' },
  0o010000: { kind: 'unsupported', label: 'fifo' },
  0o140000: { kind: 'unsupported', label: 'socket' },
};
// A symlink's target is its content; targets longer than PATH_MAX are not real.
const maxLinkTarget = 4096;

/**
 * Reads a zip file entry by entry (zip needs random access to its central directory, so it
 * takes a path). Names are decoded here, not by yauzl, so that unsafe names reach our checks
 * and are refused with our error rather than a generic one.
 */
export async function readZip(path: string, visit: EntryVisitor): Promise<void> {
  const zip = await yauzl.openPromise(path, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
  });
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = entry.fileNameRaw.toString('utf8');
      const type = describe(entry, name);
      if (type.kind === 'unsupported') {
        await visit({ name, ...type, mode: 0, linkname: '', data: empty() });
        continue;
      }
      if (entry.isEncrypted()) {
        throw new ArchiveEntryRefused(name, 'encrypted zip entries are not supported');
      }
      const mode = (entry.externalFileAttributes >>> 16) & 0o7777;
      if (type.kind === 'symlink') {
        const target = await readAll(await zip.openReadStreamPromise(entry), name);
        await visit({ name, ...type, mode, linkname: target, data: empty() });
        continue;
      }
      const data = type.kind === 'file' ? await zip.openReadStreamPromise(entry) : null;
      await visit({
        name,
        ...type,
        mode: mode || 0o644,
        linkname: '',
        data: data ? named(data, name) : empty(),
      });
      data?.destroy();
    }
  } finally {
    zip.close();
  }
}

function describe(entry: Entry, name: string): { kind: ArchiveEntry['kind']; label: string } {
  const unixMode = entry.versionMadeBy >> 8 === unixHost ? entry.externalFileAttributes >>> 16 : 0;
  const format = unixMode & 0o170000;
  if (format !== 0) {
    return (
      fileTypes[format] ?? { kind: 'unsupported', label: `unix file type 0o${format.toString(8)}` }
    );
  }
  return name.endsWith('/') ? fileTypes[0o040000]! : fileTypes[0o100000]!;
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function readAll(stream: Readable, name: string): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxLinkTarget) {
      stream.destroy();
      throw new ArchiveEntryRefused(name, 'the symlink target is longer than 4096 bytes');
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Entry data whose failures (bad sizes, bad CRC, corrupt deflate) name the entry. */
function named(stream: Readable, name: string): AsyncGenerator<Buffer> {
  // yauzl's streams work (and may fail) before anyone reads them: a listener from the start
  // keeps such an error from crashing the process; iteration still reports it.
  stream.on('error', () => undefined);
  return namedErrors(stream, name);
}

async function* namedErrors(stream: Readable, name: string): AsyncGenerator<Buffer> {
  try {
    yield* stream as AsyncIterable<Buffer>;
  } catch (error) {
    throw error instanceof ArchiveEntryRefused
      ? error
      : new ArchiveEntryRefused(name, `its zip data is invalid: ${(error as Error).message}`);
  }
}

async function* empty(): AsyncGenerator<Buffer> {}
