import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ArchiveEntryRefused } from './archive-entry-refused.js';

const createFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Writes a stream to a new file, chunk by chunk, refusing more than maxBytes; returns the size. */
export async function spoolToFile(
  input: Readable,
  path: string,
  maxBytes: number,
  entryName = '<upload>',
): Promise<number> {
  const handle = await open(path, createFlags, 0o600);
  let size = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        input.destroy();
        throw new ArchiveEntryRefused(
          entryName,
          `the upload exceeds the limit of ${maxBytes} bytes`,
        );
      }
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return size;
}
