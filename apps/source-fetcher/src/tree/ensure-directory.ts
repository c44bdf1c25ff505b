import { lstat, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Makes `root/parts` a chain of real directories. The source tree holds content from users (a
 * repository may have `injected -> /etc`), so a symlink or file on the way is replaced, never
 * followed: nothing is ever written outside the root.
 */
export async function ensureDirectory(root: string, parts: string[]): Promise<string> {
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const stats = await lstat(path).catch(() => null);
    if (stats && !stats.isDirectory()) {
      await unlink(path);
    }
    if (!stats?.isDirectory()) {
      await mkdir(path, { mode: 0o755 });
    }
  }
  return path;
}
