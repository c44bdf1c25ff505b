import { existsSync } from 'node:fs';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitCall, GitRunner } from './git.runner.js';
import { redactGitUrl } from './git-url.js';

/** Files git writes during a clone that record when and how it ran, not what was cloned. */
const volatile = ['logs', 'FETCH_HEAD', 'ORIG_HEAD', 'description', 'hooks'];

/**
 * Leaves `.git` in the context, as OpenShift does, but fit to travel in a bundle:
 * - the remote URL without credentials;
 * - the index rebuilt from HEAD (a checkout's index holds inode numbers and change times, so
 *   two clones of one commit would otherwise never pack to the same bundle digest);
 * - reflogs and fetch records, which carry the time of the clone, removed;
 * and finally checks that no credential reached any file outside the object store.
 */
export async function tidyGitDir(
  git: GitRunner,
  checkout: string,
  uri: string,
  secrets: readonly string[],
  call: GitCall,
): Promise<void> {
  await git.git(checkout, ['remote', 'set-url', 'origin', '--', redactGitUrl(uri)], call);
  await git.git(checkout, ['read-tree', 'HEAD'], call);
  await git.git(
    checkout,
    ['submodule', 'foreach', '--quiet', '--recursive', 'git read-tree HEAD'],
    call,
  );
  for (const gitDir of await gitDirs(join(checkout, '.git'))) {
    for (const name of volatile) {
      await rm(join(gitDir, name), { recursive: true, force: true });
    }
  }
  await assertNoSecrets(join(checkout, '.git'), secrets);
}

/** `.git` and the git dirs of submodules under `.git/modules`, at any depth. */
async function gitDirs(root: string): Promise<string[]> {
  const found = [root];
  const modules = join(root, 'modules');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory()) {
        continue;
      }
      const path = join(dir, entry.name);
      if (existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects'))) {
        found.push(path);
        await walk(join(path, 'modules'));
      } else {
        await walk(path);
      }
    }
  };
  await walk(modules);
  return found;
}

/** Reads every file of `.git` except objects, and fails if one holds a credential. */
async function assertNoSecrets(dir: string, secrets: readonly string[]): Promise<void> {
  const needles = secrets.filter((s) => s.length >= 4);
  if (needles.length === 0) {
    return;
  }
  const walk = async (path: string, rel: string): Promise<void> => {
    const stats = await lstat(path);
    if (stats.isDirectory()) {
      if (rel === 'objects' || rel.endsWith('/objects')) {
        return;
      }
      for (const name of await readdir(path)) {
        await walk(join(path, name), rel ? `${rel}/${name}` : name);
      }
    } else if (stats.isFile() && stats.size < 16 * 1024 * 1024) {
      const text = await readFile(path, 'latin1');
      if (needles.some((needle) => text.includes(Buffer.from(needle).toString('latin1')))) {
        throw new Error(`a credential was found in .git/${rel}; the source was not stored`);
      }
    }
  };
  await walk(dir, '');
}
