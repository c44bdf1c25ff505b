import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The bytes of every file under `dir` (0 when it does not exist yet), as `du --apparent-size` counts file content. */
export async function directoryBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 0;
    }
    throw error;
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.isFile()) {
      total += (await lstat(join(entry.parentPath, entry.name))).size;
    }
  }
  return total;
}
