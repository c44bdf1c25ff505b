import { copyFile, link, mkdir, mkdtemp, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectFiles } from './select-files.js';

export type StagedDirectory = {
  /** A copy of the selected tree (hard links where the filesystem allows). */
  dir: string;
  files: number;
  /** Paths left out because they are neither files, directories nor symlinks. */
  skipped: string[];
  remove: () => Promise<void>;
};

/**
 * Mirrors what `selectFiles` keeps into a temporary directory, so the upload can be packed by
 * the same deterministic tar writer the farm uses. Files are hard-linked (no copying) unless
 * the temporary directory is on another filesystem.
 */
export async function stageDirectory(root: string, parent = tmpdir()): Promise<StagedDirectory> {
  const dir = await mkdtemp(join(parent, 'kiln-upload-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const skipped: string[] = [];
  let files = 0;
  try {
    for await (const entry of selectFiles(root)) {
      const from = join(root, entry.path);
      const to = join(dir, entry.path);
      switch (entry.kind) {
        case 'directory':
          await mkdir(to);
          break;
        case 'file':
          await link(from, to).catch(() => copyFile(from, to));
          files++;
          break;
        case 'symlink':
          await symlink(await readlink(from), to);
          break;
        case 'other':
          skipped.push(entry.path);
          break;
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, files, skipped, remove };
}
