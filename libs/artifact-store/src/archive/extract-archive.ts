import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ArchiveEntryRefused } from './archive-entry-refused.js';
import type { ArchiveEntry } from './archive-entry.js';
import { entryComponents } from './entry-path.js';
import { defaultExtractLimits, type ArchiveFormat, type ExtractLimits } from './limits.js';
import { SafeTree } from './safe-tree.js';
import { spoolToFile } from './spool.js';
import { readTar } from './tar-reader.js';
import { readZip } from './zip-reader.js';

export type ExtractOptions = { format: ArchiveFormat } & Partial<ExtractLimits>;
export type ExtractResult = { entries: number; bytes: number };

/**
 * Extracts a tar, tar.gz or zip archive into destDir, refusing anything that could write or
 * point outside it (see SafeTree). On error destDir may hold part of the tree: the caller
 * discards it. Hardlinks are accepted only to a regular file earlier in the same archive, and
 * are written as copies.
 */
export async function extractArchive(
  input: Readable | string,
  destDir: string,
  options: ExtractOptions,
): Promise<ExtractResult> {
  const limits: ExtractLimits = { ...defaultExtractLimits, ...definedOnly(options) };
  const tree = await SafeTree.open(destDir, limits);
  const place = (entry: ArchiveEntry) => placeEntry(tree, entry, limits);
  if (options.format === 'zip') {
    await withZipFile(input, limits, (path) => readZip(path, place));
  } else {
    const source = typeof input === 'string' ? createReadStream(input) : input;
    const stream =
      options.format === 'tar.gz' ? pipeline(source, createGunzip(), () => undefined) : source;
    try {
      await readTar(stream as AsyncIterable<Buffer>, place);
      await drainTrailing(stream);
    } finally {
      // Stop reading an upload we refused; a no-op when it was read to the end.
      source.destroy();
      stream.destroy();
    }
  }
  await tree.finish();
  return { entries: tree.entryCount, bytes: tree.bytesWritten };
}

/**
 * Reads what follows the end-of-archive blocks (tar pads to 10 KiB records) so that a
 * verifying source (a registry blob) reaches its end and checks its digest. Bounded: real
 * padding is small, and garbage after the archive is not worth reading.
 */
async function drainTrailing(stream: Readable): Promise<void> {
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxTrailingBytes) {
      throw new ArchiveEntryRefused(
        '<after the end of the archive>',
        `more than ${maxTrailingBytes} bytes follow the end of the archive`,
      );
    }
  }
}

const maxTrailingBytes = 1024 * 1024;

async function placeEntry(
  tree: SafeTree,
  entry: ArchiveEntry,
  limits: ExtractLimits,
): Promise<void> {
  tree.count(entry.name);
  const parts = entryComponents(entry.name, limits.maxDepth);
  switch (entry.kind) {
    case 'file':
      return tree.file(entry.name, parts, entry.mode, entry.data);
    case 'directory':
      return tree.directory(entry.name, parts);
    case 'symlink':
      return tree.symlink(entry.name, parts, entry.linkname);
    case 'hardlink':
      return tree.hardlink(entry.name, parts, entry.linkname, linkComponents(entry, limits));
    case 'unsupported':
      throw new ArchiveEntryRefused(entry.name, `${entry.label} entries are not accepted`);
  }
}

function linkComponents(entry: ArchiveEntry, limits: ExtractLimits): string[] {
  try {
    return entryComponents(entry.linkname, limits.maxDepth);
  } catch (error) {
    const reason = error instanceof ArchiveEntryRefused ? error.reason : String(error);
    throw new ArchiveEntryRefused(
      entry.name,
      `hardlink target ${JSON.stringify(entry.linkname)}: ${reason}`,
    );
  }
}

/** Zip needs random access: a stream is spooled to a private temp file first (never to memory). */
async function withZipFile(
  input: Readable | string,
  limits: ExtractLimits,
  use: (path: string) => Promise<void>,
): Promise<void> {
  if (typeof input === 'string') {
    return use(input);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kiln-zip-'));
  try {
    const path = join(dir, 'upload.zip');
    // Compressed data may be slightly larger than its content (stored entries plus headers).
    await spoolToFile(input, path, Math.ceil(limits.maxBytes * 1.1) + 1024 * 1024);
    await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function definedOnly(options: Partial<ExtractLimits>): Partial<ExtractLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
