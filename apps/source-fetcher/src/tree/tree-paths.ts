import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';

const maxLinkHops = 40;

/**
 * Resolves `target` (a symlink's text, or a path) from the directory `dir` (components below
 * `root`) the way the kernel would, following links found on disk. `confine` decides what
 * leaving the root means:
 * - 'refuse': null (a link in a source tree must point inside it);
 * - 'clamp': stay at the root, as inside a chroot (an image's filesystem, where `/` and
 *   `/..` are the image's root, never the host's).
 * Returns the resolved components below root, or null (also for loops).
 */
export async function resolveBelow(
  root: string,
  dir: string[],
  target: string,
  confine: 'refuse' | 'clamp',
  state = { hops: 0 },
): Promise<string[] | null> {
  if (target.startsWith('/') && confine === 'refuse') {
    return null;
  }
  let stack = target.startsWith('/') ? [] : [...dir];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (stack.length === 0) {
        if (confine === 'refuse') {
          return null;
        }
        continue;
      }
      stack.pop();
      continue;
    }
    stack.push(part);
    const stats = await lstat(join(root, ...stack)).catch(() => null);
    if (stats?.isSymbolicLink()) {
      state.hops += 1;
      if (state.hops > maxLinkHops) {
        return null;
      }
      const link = await readlink(join(root, ...stack));
      stack.pop();
      const next = await resolveBelow(root, stack, link, confine, state);
      if (!next) {
        return null;
      }
      stack = next;
    }
  }
  return stack;
}
