import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveBelow } from './tree-paths.js';

export type TreeLimits = { maxBytes: number; maxFiles: number };
export type TreeSize = { bytes: number; entries: number };

/** A tree over the farm's limits; says which limit, so the message can tell the user. */
export class SourceTooLarge extends Error {
  constructor(
    readonly limit: 'bytes' | 'entries',
    readonly max: number,
    readonly seen: number,
  ) {
    super(
      limit === 'bytes'
        ? `the source is larger than the limit of ${max} bytes (KILN_MAX_SOURCE_BYTES)`
        : `the source has more than ${max} files and directories (KILN_MAX_SOURCE_FILES)`,
    );
  }
}

/** An entry a source bundle cannot carry, named by its path in the tree. */
export class UnbundlableEntry extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${JSON.stringify(path)} ${problem}`);
  }
}

/**
 * Sizes a tree (apparent bytes of files, entries of any kind), stopping with SourceTooLarge as
 * soon as a limit is passed. Entries that vanish while it walks (git's temp files) are skipped.
 */
export async function measureTree(root: string, limits: TreeLimits): Promise<TreeSize> {
  const size: TreeSize = { bytes: 0, entries: 0 };
  const walk = async (dir: string): Promise<void> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const stats = await lstat(join(dir, name)).catch(() => null);
      if (!stats) {
        continue;
      }
      size.entries += 1;
      size.bytes += stats.isFile() ? stats.size : 0;
      if (size.bytes > limits.maxBytes) {
        throw new SourceTooLarge('bytes', limits.maxBytes, size.bytes);
      }
      if (size.entries > limits.maxFiles) {
        throw new SourceTooLarge('entries', limits.maxFiles, size.entries);
      }
      if (stats.isDirectory()) {
        await walk(join(dir, name));
      }
    }
  };
  await walk(root);
  return size;
}

/**
 * Checks that a context can become a bundle that every later stage will extract: only regular
 * files, directories and symlinks whose target stays inside the tree (the safe extraction of
 * libs/artifact-store refuses anything else, so the user hears it here, with the path).
 */
export async function checkBundlable(root: string): Promise<void> {
  const walk = async (parts: string[]): Promise<void> => {
    for (const name of (await readdir(join(root, ...parts))).sort()) {
      const path = [...parts, name];
      const stats = await lstat(join(root, ...path));
      if (stats.isDirectory()) {
        await walk(path);
      } else if (stats.isSymbolicLink()) {
        const target = await readlink(join(root, ...path));
        if (!(await resolveBelow(root, parts, target, 'refuse'))) {
          throw new UnbundlableEntry(
            path.join('/'),
            `is a symlink to ${JSON.stringify(target)}, outside the source tree (or a loop)`,
          );
        }
      } else if (!stats.isFile()) {
        throw new UnbundlableEntry(
          path.join('/'),
          'is not a regular file, directory or symlink (devices, sockets and fifos are not accepted)',
        );
      }
    }
  };
  await walk([]);
}
