/** The ustar header fields Kiln reads and writes; see POSIX pax, "ustar Interchange Format". */
export type TarHeader = {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  /** '0' file, '1' hardlink, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo, 'x'/'g' pax, 'L'/'K' GNU long names. */
  type: string;
  linkname: string;
};

export const blockSize = 512;

const field = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  type: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  prefix: [345, 155],
} as const;

/** Encodes one 512-byte header; names that do not fit must go in a pax record before it. */
export function encodeHeader(header: TarHeader): Buffer {
  const block = Buffer.alloc(blockSize);
  const put = (key: keyof typeof field, value: string) => {
    const [offset, length] = field[key];
    block.write(value, offset, length, 'utf8');
  };
  const octal = (key: keyof typeof field, value: number) => {
    const [, length] = field[key];
    put(key, value.toString(8).padStart(length - 1, '0'));
  };
  put('name', header.name);
  octal('mode', header.mode);
  octal('uid', 0);
  octal('gid', 0);
  octal('size', header.size);
  octal('mtime', header.mtime);
  put('type', header.type);
  put('linkname', header.linkname);
  put('magic', 'ustar\0');
  put('version', '00');
  block.fill(' ', field.checksum[0], field.checksum[0] + field.checksum[1]);
  const sum = block.reduce((acc, byte) => acc + byte, 0);
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', field.checksum[0], 8, 'ascii');
  return block;
}

/** Decodes a header block; null for the all-zero end-of-archive block; throws on a bad checksum. */
export function decodeHeader(block: Buffer): TarHeader | null {
  if (block.every((byte) => byte === 0)) {
    return null;
  }
  const [cOffset, cLength] = field.checksum;
  let sum = 0;
  for (let i = 0; i < blockSize; i++) {
    sum += i >= cOffset && i < cOffset + cLength ? 0x20 : (block[i] ?? 0);
  }
  if (sum !== readNumber(block, 'checksum')) {
    throw new Error('bad tar header checksum');
  }
  const name = readString(block, 'name');
  const prefix = readString(block, 'magic').startsWith('ustar') ? readString(block, 'prefix') : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: readNumber(block, 'mode'),
    size: readNumber(block, 'size'),
    mtime: readNumber(block, 'mtime'),
    type: readString(block, 'type') || '0',
    linkname: readString(block, 'linkname'),
  };

  function readString(b: Buffer, key: keyof typeof field): string {
    const [offset, length] = field[key];
    const raw = b.subarray(offset, offset + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString('utf8');
  }
}

/** Octal, or GNU base-256 (high bit set) for values too large for octal. */
function readNumber(block: Buffer, key: keyof typeof field): number {
  const [offset, length] = field[key];
  const raw = block.subarray(offset, offset + length);
  if (((raw[0] ?? 0) & 0x80) !== 0) {
    let value = (raw[0] ?? 0) & 0x7f;
    for (let i = 1; i < raw.length; i++) {
      value = value * 256 + (raw[i] ?? 0);
    }
    return value;
  }
  const text = raw.toString('ascii').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** Pax extended header records ("%d key=value\n"), the values Kiln cares about. */
export function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (space === -1 || !Number.isFinite(length) || length <= 0) {
      throw new Error('malformed pax record');
    }
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

/** One pax record, whose length prefix counts itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) {
    length = String(length).length + Buffer.byteLength(body);
  }
  return `${length}${body}`;
}
