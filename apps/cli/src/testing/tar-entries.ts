import { gunzipSync } from 'node:zlib';

/** Entry names and file contents of a tar.gz (ustar and pax path records), for assertions. */
export function tarEntries(gzipped: Buffer): Map<string, string> {
  const tar = gunzipSync(gzipped);
  const entries = new Map<string, string>();
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) {
      break;
    }
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = tar.subarray(offset + 512, offset + 512 + size).toString('utf8');
    if (type === 'x') {
      paxPath = /\d+ path=(.*)\n/.exec(body)?.[1];
    } else if (type !== 'g') {
      entries.set(paxPath ?? name, type === '5' ? '<dir>' : body);
      paxPath = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
