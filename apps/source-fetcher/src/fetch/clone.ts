import { mkdirSync } from 'node:fs';
import type { GitRunner } from './git.runner.js';

const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * Clones `uri` at `ref` into `dir`: shallow for a branch or tag, a full fetch for a commit id
 * (servers need not allow fetching an arbitrary commit shallowly). Submodules follow.
 */
export async function cloneAt(
  git: GitRunner,
  uri: string,
  ref: string | undefined,
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (ref && SHA.test(ref)) {
    log(`Cloning "${uri}" and checking out commit ${ref} ...`);
    await git.git(dir, ['clone', '--no-checkout', '--', uri, '.']);
    await git.git(dir, ['checkout', '--detach', ref]);
  } else {
    log(`Cloning "${uri}"${ref ? ` at ${ref}` : ''} ...`);
    await git.git(dir, [
      'clone',
      '--depth',
      '1',
      ...(ref ? ['--branch', ref] : []),
      '--',
      uri,
      '.',
    ]);
  }
  await git.git(dir, ['submodule', 'update', '--init', '--recursive', '--depth', '1']);
}
