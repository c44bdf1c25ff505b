import type { BinaryUpload } from '../storage/build.repository.js';

/** How many leading bytes `detectArchiveFormat` needs: the tar magic sits at offset 257. */
export const SNIFF_BYTES = 262;

/**
 * The archive format of an upload from its first bytes: gzip (taken as tar.gz, what
 * `oc start-build --from-dir` sends), zip (local file header, or the end record of an empty
 * zip), or POSIX/GNU tar ("ustar" at 257). undefined for anything else.
 */
export function detectArchiveFormat(
  head: Buffer,
): Exclude<BinaryUpload['format'], 'file'> | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    return 'tar.gz';
  }
  if (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  ) {
    return 'zip';
  }
  if (head.length >= SNIFF_BYTES && head.subarray(257, 262).toString('latin1') === 'ustar') {
    return 'tar';
  }
  return undefined;
}
