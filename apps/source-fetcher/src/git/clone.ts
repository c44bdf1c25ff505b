import { mkdirSync, rmSync } from 'node:fs';
import { GitFailed, type GitCall, type GitRunner } from './git.runner.js';
import { redactGitUrl } from './git-url.js';

const SHA = /^[0-9a-f]{7,40}$/i;

export type CloneRequest = {
  uri: string;
  ref: string | undefined;
  dir: string;
  /** Env, abort signal and progress sink for every git call of the clone. */
  call: GitCall;
  log: (line: string) => void;
};

/**
 * Clones `uri` at `ref` into `dir` as OpenShift's git-clone step does, with less transfer:
 * - no ref: the default branch, shallow;
 * - a branch or tag: shallow at that ref; any other ref (`refs/pull/7/head`) is fetched by name;
 * - a commit id: a full clone (servers need not serve an arbitrary commit shallowly), then
 *   checked out, fetched by id when no branch contains it.
 * Submodules follow, recursively and in full (a pinned commit need not be a branch tip).
 */
export async function cloneAt(git: GitRunner, request: CloneRequest): Promise<void> {
  const { uri, ref, dir, call, log } = request;
  mkdirSync(dir, { recursive: true });
  if (ref && SHA.test(ref)) {
    log(`Cloning "${displayUri(request)}" and checking out commit ${ref} ...`);
    await git.git(dir, ['clone', '--progress', '--no-checkout', '--', uri, '.'], call);
    try {
      await git.git(dir, ['checkout', '--quiet', '--detach', ref, '--'], call);
    } catch (error) {
      if (!(error instanceof GitFailed) || error.abortReason !== undefined) {
        throw error;
      }
      await git.git(dir, ['fetch', '--progress', 'origin', ref], call);
      await git.git(dir, ['checkout', '--quiet', '--detach', 'FETCH_HEAD', '--'], call);
    }
  } else if (ref) {
    log(`Cloning "${displayUri(request)}" at ${ref} ...`);
    try {
      await git.git(
        dir,
        ['clone', '--progress', '--depth', '1', '--branch', ref, '--', uri, '.'],
        call,
      );
    } catch (error) {
      if (!(error instanceof GitFailed) || !/Remote branch .* not found/i.test(error.stderr)) {
        throw error;
      }
      // Not a branch or tag: a ref by full name, as OpenShift's fallback fetch does.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await git.git(dir, ['init', '--quiet'], call);
      await git.git(dir, ['remote', 'add', 'origin', '--', uri], call);
      await git.git(dir, ['fetch', '--progress', '--depth', '1', 'origin', ref], call);
      await git.git(dir, ['checkout', '--quiet', '--detach', 'FETCH_HEAD', '--'], call);
    }
  } else {
    log(`Cloning "${displayUri(request)}" ...`);
    await git.git(dir, ['clone', '--progress', '--depth', '1', '--', uri, '.'], call);
  }
  await git.git(dir, ['submodule', 'update', '--init', '--recursive', '--progress'], call);
}

function displayUri(request: CloneRequest): string {
  return redactGitUrl(request.uri);
}
