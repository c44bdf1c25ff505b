import { ArchiveEntryRefused } from './archive-entry-refused.js';
import type { ArchiveEntry, EntryVisitor } from './archive-entry.js';
import { ByteReader } from './byte-reader.js';
import { blockSize, decodeHeader, parsePax, type TarHeader } from './tar-header.js';

// Pax and GNU long-name headers are held in memory; real ones are a few hundred bytes.
const maxMetadataBytes = 1024 * 1024;

const kinds: Record<string, { kind: ArchiveEntry['kind']; label: string }> = {
  '0': { kind: 'file', label: 'regular file' },
  '7': { kind: 'file', label: 'contiguous file' },
  '1': { kind: 'hardlink', label: 'hardlink' },
  '2': { kind: 'symlink', label: 'symlink' },
  '3': { kind: 'unsupported', label: 'character device' },
  '4': { kind: 'unsupported', label: 'block device' },
  '5': { kind: 'directory', label: 'directory' },
  '6': { kind: 'unsupported', label: 'fifo' },
};

/** Reads a (decompressed) tar stream entry by entry; each visit finishes before the next header is read. */
export async function readTar(source: AsyncIterable<Buffer>, visit: EntryVisitor): Promise<void> {
  const reader = new ByteReader(source);
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let offset = 0; ;) {
    const block = await reader.read(blockSize);
    if (block.length < blockSize) {
      return; // tolerate archives cut after the last entry without end blocks
    }
    let header: TarHeader | null;
    try {
      header = decodeHeader(block);
    } catch (error) {
      throw new ArchiveEntryRefused(`<header at byte ${offset}>`, (error as Error).message);
    }
    if (!header) {
      return;
    }
    offset += blockSize;
    const padded = Math.ceil(header.size / blockSize) * blockSize;
    if (['x', 'g', 'L', 'K'].includes(header.type)) {
      if (header.size > maxMetadataBytes) {
        throw new ArchiveEntryRefused(
          header.name,
          `its ${header.size}-byte extended header is too large`,
        );
      }
      const data = await reader.read(padded);
      const body = data.subarray(0, header.size);
      if (header.type === 'x') {
        pax = { ...pax, ...parsePaxOrRefuse(header.name, body) };
      } else if (header.type === 'L') {
        longName = cString(body);
      } else if (header.type === 'K') {
        longLink = cString(body);
      } // 'g' (global) records carry nothing Kiln uses
      offset += padded;
      continue;
    }
    const name = pax.path ?? longName ?? header.name;
    const linkname = pax.linkpath ?? longLink ?? header.linkname;
    const size = pax.size !== undefined ? Number(pax.size) : header.size;
    pax = {};
    longName = longLink = undefined;
    const known = kinds[header.type] ?? {
      kind: 'unsupported' as const,
      label: `type ${JSON.stringify(header.type)}`,
    };
    const dataSize = known.kind === 'file' ? size : 0;
    const entryPadded = Math.ceil(dataSize / blockSize) * blockSize;
    const counted = { bytes: 0 };
    await visit({
      name,
      kind: known.kind,
      label: known.label,
      mode: header.mode,
      linkname,
      data: counting(reader, name, dataSize, counted),
    });
    // Whatever the visitor left unread, and the padding, is skipped before the next header.
    await reader.skip(entryPadded - counted.bytes);
    offset += entryPadded;
  }
}

async function* counting(
  reader: ByteReader,
  name: string,
  size: number,
  counted: { bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of reader.take(size)) {
    counted.bytes += chunk.length;
    yield chunk;
  }
  if (counted.bytes < size) {
    throw new ArchiveEntryRefused(name, 'the archive ends inside this entry (truncated)');
  }
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return data.subarray(0, end === -1 ? data.length : end).toString('utf8');
}

function parsePaxOrRefuse(name: string, body: Buffer): Record<string, string> {
  try {
    return parsePax(body);
  } catch (error) {
    throw new ArchiveEntryRefused(name, (error as Error).message);
  }
}
