import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** One tar entry as a test writes it: any name, type and link, so malformed archives are easy. */
export type TarEntry = {
  name: string;
  /** '0' file, '1' hardlink, '2' symlink, '3' char device, '4' block, '5' dir, '6' fifo, 'x' pax, 'L' GNU long name. */
  type?: string;
  data?: Buffer | string;
  linkname?: string;
  mode?: number;
};

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) =>
    block.write(value, offset, length, 'latin1');
  const octal = (value: number, offset: number, length: number) =>
    put(value.toString(8).padStart(length - 1, '0') + '\0', offset, length);
  put(entry.name, 0, 100);
  octal(entry.mode ?? 0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(0, 136, 12);
  put(entry.type ?? '0', 156, 1);
  put(entry.linkname ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  block.fill(' ', 148, 156);
  const sum = block.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return block;
}

/** A tar archive of the entries as given (no checks: that is the point). */
export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    parts.push(header(entry, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const tarGz = (entries: TarEntry[]): Buffer => gzipSync(tar(entries));

/** A pax header that renames the next entry. */
export function paxPath(path: string): TarEntry {
  const body = ` path=${path}\n`;
  let length = body.length + 2;
  while (String(length).length + body.length !== length) {
    length = String(length).length + body.length;
  }
  return { name: 'PaxHeader', type: 'x', data: `${length}${body}` };
}

export type ZipEntry = { name: string; data?: Buffer | string; mode?: number; deflate?: boolean };

/** A zip archive; `mode` goes in the unix external attributes (0o120777 makes a symlink). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = Buffer.from(entry.data ?? '');
    const stored = entry.deflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
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
