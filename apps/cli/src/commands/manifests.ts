import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** The text of one manifest source and where it came from (a path, or `-` for stdin). */
export type ManifestSource = { source: string; text: string };

const manifestFile = /\.(ya?ml|json)$/i;

async function filesIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && recursive) {
      files.push(...(await filesIn(path, true)));
    } else if (entry.isFile() && manifestFile.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/**
 * Reads every `-f` argument: a file, a directory's .yaml/.yml/.json files (sorted; with
 * `recursive`, subdirectories too), or `-` for standard input.
 */
export async function readManifests(
  paths: readonly string[],
  recursive: boolean,
  readStdin: () => Promise<string>,
): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ source: 'stdin', text: await readStdin() });
      continue;
    }
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      throw new UsageError(`the path "${path}" does not exist`);
    }
    if (!info.isDirectory()) {
      sources.push({ source: path, text: await readFile(path, 'utf8') });
      continue;
    }
    const files = await filesIn(path, recursive);
    if (files.length === 0) {
      throw new UsageError(`no .yaml, .yml or .json files in the directory "${path}"`);
    }
    for (const file of files) {
      sources.push({ source: file, text: await readFile(file, 'utf8') });
    }
  }
  return sources;
}
