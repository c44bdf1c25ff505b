import {
  existsSync,
  lstatSync,
  realpathSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import { ensureDirectory } from '../tree/ensure-directory.js';
import { FetchError } from './fetch-errors.js';

/**
 * The context directory inside the source: the root, or `contextDir`. After a clone or an
 * upload it must be a real directory there (OpenShift's git-clone step ends the build with
 * InvalidContextDirectory otherwise); a source made only of an inline Dockerfile or image
 * content has nothing to find it in, so it is created, as OpenShift's manage-dockerfile does.
 */
export async function contextOf(
  sourceRoot: string,
  contextDir: string | undefined,
  mode: 'must-exist' | 'create',
): Promise<string> {
  const cleaned = posix.normalize((contextDir ?? '').replace(/^\/+/, '')).replace(/\/$/, '');
  if (cleaned === '.' || cleaned === '') {
    return sourceRoot;
  }
  if (cleaned === '..' || cleaned.startsWith('../')) {
    throw missing(contextDir);
  }
  if (mode === 'create') {
    return ensureDirectory(sourceRoot, cleaned.split('/'));
  }
  const target = resolve(sourceRoot, cleaned);
  if (
    !target.startsWith(sourceRoot + sep) ||
    !existsSync(target) ||
    !lstatSync(target).isDirectory() ||
    !realpathSync(target).startsWith(realpathSync(sourceRoot) + sep)
  ) {
    throw missing(contextDir);
  }
  return target;
}

function missing(contextDir: string | undefined): FetchError {
  return new FetchError(
    'InvalidContextDirectory',
    `the contextDir "${contextDir ?? ''}" does not exist in the source`,
  );
}

/**
 * Writes the inline Dockerfile as `<context>/Dockerfile`, replacing one from the source. An
 * existing entry is removed first, so a repository's `Dockerfile -> /etc/passwd` symlink is
 * replaced, never written through.
 */
export function writeDockerfile(contextDir: string, text: string): void {
  const path = join(contextDir, 'Dockerfile');
  const existing = lstatOrNull(path);
  if (existing?.isDirectory()) {
    throw new FetchError(
      'FetchSourceFailed',
      'spec.source.dockerfile cannot be written: the context has a directory named Dockerfile',
    );
  }
  if (existing) {
    unlinkSync(path);
  }
  writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
