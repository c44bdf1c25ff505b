// Builders for hand-made (and deliberately malicious) archives; tests only.
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { blockSize, encodeHeader, paxRecord } from './tar-header.js';

export type TarSpec = {
  name: string;
  type?: string;
  body?: Buffer | string;
  linkname?: string;
  mode?: number;
  size?: number;
  pax?: Record<string, string>;
};

export function tarOf(entries: TarSpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    blocks.push(...tarEntry(entry));
  }
  blocks.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(blocks);
}

export function tarEntry(entry: TarSpec): Buffer[] {
  const blocks: Buffer[] = [];
  const body =
    typeof entry.body === 'string' ? Buffer.from(entry.body) : (entry.body ?? Buffer.alloc(0));
  if (entry.pax) {
    const records = Buffer.from(
      Object.entries(entry.pax)
        .map(([k, v]) => paxRecord(k, v))
        .join(''),
    );
    blocks.push(
      encodeHeader({
        name: 'PaxHeader',
        mode: 0o644,
        size: records.length,
        mtime: 0,
        type: 'x',
        linkname: '',
      }),
      pad(records),
    );
  }
  const size = entry.size ?? body.length;
  blocks.push(
    encodeHeader({
      name: entry.name,
      mode: entry.mode ?? 0o644,
      size,
      mtime: 0,
      type: entry.type ?? '0',
      linkname: entry.linkname ?? '',
    }),
  );
  if (body.length > 0) {
    blocks.push(pad(body));
  }
  return blocks;
}

export const tarGzOf = (entries: TarSpec[]) => gzipSync(tarOf(entries));

function pad(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((blockSize - (data.length % blockSize)) % blockSize)]);
}

export type ZipSpec = {
  name: string | Buffer;
  body?: Buffer | string;
  unixMode?: number;
  deflate?: boolean;
  declaredSize?: number;
};

/** A minimal zip writer (local headers, central directory, end record) that writes any name it is given. */
export function zipOf(entries: ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name);
    const raw =
      typeof entry.body === 'string' ? Buffer.from(entry.body) : (entry.body ?? Buffer.alloc(0));
    const data = entry.deflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const usize = entry.declaredSize ?? raw.length;
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(usize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
