import { lstat, mkdir, realpath, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveEntryRefused } from './archive-entry-refused.js';
import { safeFileName } from './entry-path.js';
import { spoolToFile } from './spool.js';

/**
 * Writes one uploaded file (the `asFile` case of a binary build) as destDir/fileName.
 * The name must be a single component; an existing entry of that name is refused, so a
 * planted symlink cannot redirect the write.
 */
export async function extractSingleFile(
  input: Readable,
  destDir: string,
  fileName: string,
  options: { maxBytes: number },
): Promise<{ path: string; bytes: number }> {
  const name = safeFileName(fileName);
  await mkdir(destDir, { recursive: true });
  const path = join(await realpath(destDir), name);
  const existing = await lstat(path).catch(() => null);
  if (existing) {
    input.destroy();
    throw new ArchiveEntryRefused(
      fileName,
      'an entry of that name already exists in the destination',
    );
  }
  try {
    return { path, bytes: await spoolToFile(input, path, options.maxBytes, fileName) };
  } catch (error) {
    if (error instanceof ArchiveEntryRefused) {
      await unlink(path).catch(() => undefined); // our own partial file, over the limit
    }
    throw error;
  }
}
