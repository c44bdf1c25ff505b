import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { S2iScript } from './resolve-scripts.js';
import { s2iIgnoreFilter } from './s2i-ignore.js';

/** Where a source keeps its own S2I scripts (`.sti/bin` is the deprecated spelling). */
const SOURCE_SCRIPT_DIRS = ['.s2i/bin', '.sti/bin'];

/** The scripts a source provides in `.s2i/bin`, by name. */
export function scriptsInSource(sourceDir: string): Map<S2iScript, string> {
  const found = new Map<S2iScript, string>();
  for (const dir of SOURCE_SCRIPT_DIRS) {
    for (const script of ['assemble', 'run', 'save-artifacts'] as const) {
      const path = join(sourceDir, dir, script);
      if (!found.has(script) && existsSync(path)) {
        found.set(script, path);
      }
    }
  }
  return found;
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Lays out the S2I build context: `upload/src` (the source minus `.s2iignore`d paths; `.git`
 * kept as OpenShift keeps it) and `upload/scripts` (scripts provided as files, executable).
 * Source scripts are moved out of the source, as s2i does.
 */
export function layOutS2iContext(
  sourceDir: string,
  contextDir: string,
  scripts: ReadonlyMap<S2iScript, Buffer>,
): void {
  const ignore = readIfExists(join(sourceDir, '.s2iignore'));
  const keep = ignore === undefined ? () => true : s2iIgnoreFilter(ignore.split('\n'));
  const upload = join(contextDir, 'upload');
  mkdirSync(join(upload, 'scripts'), { recursive: true });
  cpSync(sourceDir, join(upload, 'src'), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => {
      const rel = relative(sourceDir, path);
      return rel === '' || keep(rel);
    },
  });
  for (const dir of SOURCE_SCRIPT_DIRS) {
    for (const script of scripts.keys()) {
      rmSync(join(upload, 'src', dir, script), { force: true });
    }
  }
  for (const [script, content] of scripts) {
    const path = join(upload, 'scripts', script);
    writeFileSync(path, content);
    chmodSync(path, 0o755);
  }
}
