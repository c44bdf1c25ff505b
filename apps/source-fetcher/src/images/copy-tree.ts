import { constants } from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readlink,
  symlink,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import { SourceTooLarge, type TreeLimits } from '../tree/source-tree.js';

/** Counts what copies write, against the same limits as the rest of the source. */
export class CopyBudget {
  bytes = 0;
  entries = 0;

  constructor(private readonly limits: TreeLimits) {}

  spend(bytes: number): void {
    this.bytes += bytes;
    this.entries += 1;
    if (this.bytes > this.limits.maxBytes) {
      throw new SourceTooLarge('bytes', this.limits.maxBytes, this.bytes);
    }
    if (this.entries > this.limits.maxFiles) {
      throw new SourceTooLarge('entries', this.limits.maxFiles, this.entries);
    }
  }
}

/**
 * Copies `from` (a file, directory or symlink of an image's filesystem) to `to`, like
 * `cp -r -p` without ownership: symlinks are copied as links, never followed; devices, fifos
 * and sockets are skipped (`skipped` hears them). An existing entry at a target that is a
 * symlink or file is replaced; an existing real directory is merged into.
 */
export async function copyTree(
  from: string,
  to: string,
  budget: CopyBudget,
  skipped: (path: string) => void,
): Promise<void> {
  const stats = await lstat(from);
  const existing = await lstat(to).catch(() => null);
  if (stats.isDirectory()) {
    budget.spend(0);
    if (existing && !existing.isDirectory()) {
      await unlink(to);
    }
    if (!existing?.isDirectory()) {
      await mkdir(to, { mode: 0o755 });
    }
    await chmod(to, (stats.mode & 0o777) | 0o700);
    for (const name of (await readdir(from)).sort()) {
      await copyTree(join(from, name), join(to, name), budget, skipped);
    }
    return;
  }
  if (existing?.isDirectory()) {
    throw new Error(`cannot replace the directory ${to} with a file`);
  }
  if (stats.isFile()) {
    budget.spend(stats.size);
    if (existing) {
      await unlink(to);
    }
    await copyFile(from, to, constants.COPYFILE_EXCL);
    await chmod(to, (stats.mode & 0o777) | 0o600);
  } else if (stats.isSymbolicLink()) {
    budget.spend(0);
    if (existing) {
      await unlink(to);
    }
    await symlink(await readlink(from), to);
  } else {
    skipped(from);
  }
}
