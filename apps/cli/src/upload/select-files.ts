import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IgnoreRules, parseIgnoreFile } from '../ignore/ignore-rules.js';

export type SelectedEntry = {
  /** Relative, `/`-separated. */
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
};

/** Docker sends these even when `.dockerignore` excludes them, because the build needs them. */
const alwaysSent = new Set(['Dockerfile', '.dockerignore']);

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

const kindOf = (entry: Dirent): SelectedEntry['kind'] =>
  entry.isDirectory()
    ? 'directory'
    : entry.isFile()
      ? 'file'
      : entry.isSymbolicLink()
        ? 'symlink'
        : 'other';

/**
 * Walks `root` in sorted order and yields what an upload should contain: `.git` never, and
 * nothing `.gitignore` files (at any level, each for its own subtree) or the root
 * `.dockerignore` exclude. An excluded directory is not entered.
 */
export async function* selectFiles(root: string): AsyncGenerator<SelectedEntry> {
  const rules = new IgnoreRules();
  const rootGitignore = await readIfExists(join(root, '.gitignore'));
  if (rootGitignore !== undefined) {
    rules.add(parseIgnoreFile(rootGitignore, '', 'gitignore'));
  }
  const dockerignore = await readIfExists(join(root, '.dockerignore'));
  if (dockerignore !== undefined) {
    rules.add(parseIgnoreFile(dockerignore, '', 'dockerignore'));
  }
  yield* walk(root, '', rules);
}

async function* walk(
  root: string,
  relative: string,
  rules: IgnoreRules,
): AsyncGenerator<SelectedEntry> {
  if (relative) {
    const nested = await readIfExists(join(root, relative, '.gitignore'));
    if (nested !== undefined) {
      rules.add(parseIgnoreFile(nested, relative, 'gitignore'));
    }
  }
  const entries = (await readdir(join(root, relative), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name === '.git') {
      continue;
    }
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    const kind = kindOf(entry);
    const keep = !relative && alwaysSent.has(entry.name);
    if (!keep && rules.matches(path, kind === 'directory')) {
      continue;
    }
    yield { path, kind };
    if (kind === 'directory') {
      yield* walk(root, path, rules);
    }
  }
}
