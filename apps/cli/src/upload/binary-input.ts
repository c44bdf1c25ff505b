import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BinaryQuery } from '../api/builds.js';
import { UsageError } from '../errors.js';
import type { GitRunner } from './git.runner.js';
import { revisionQuery } from './git-log.js';
import { stageDirectory } from './stage-directory.js';

/** What `start-build --from-*` uploads. */
export type BinarySource = { kind: 'dir' | 'file' | 'archive' | 'repo'; path: string };

export type BinaryInput = {
  body: AsyncIterable<Uint8Array>;
  query: BinaryQuery;
  /** The line announcing the upload, as `oc start-build` prints it. */
  description: string;
  /** Bytes to send, when known in advance. */
  size?: number;
  /** Notes for stderr (things left out of the upload). */
  warnings: string[];
  close(): Promise<void>;
};

async function requireKind(path: string, kind: 'file' | 'directory'): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new UsageError(`"${path}" does not exist`);
  }
  if (kind === 'directory' ? !info.isDirectory() : !info.isFile()) {
    throw new UsageError(`"${path}" is not a ${kind}`);
  }
  return info.size;
}

const commitQuery = (commit: string | undefined): BinaryQuery =>
  commit ? { 'revision.commit': commit } : {};

/** Opens the upload for a `--from-*` flag; `close` removes anything staged for it. */
export async function openBinaryInput(
  source: BinarySource,
  commit: string | undefined,
  git: GitRunner,
): Promise<BinaryInput> {
  const nothing = () => Promise.resolve();
  switch (source.kind) {
    case 'file': {
      const size = await requireKind(source.path, 'file');
      return {
        body: createReadStream(source.path),
        query: { asFile: basename(source.path), ...commitQuery(commit) },
        description: `Uploading file "${source.path}" as binary input for the build ...`,
        size,
        warnings: [],
        close: nothing,
      };
    }
    case 'archive': {
      const size = await requireKind(source.path, 'file');
      return {
        body: createReadStream(source.path),
        query: commitQuery(commit),
        description: `Uploading archive file "${source.path}" as binary input for the build ...`,
        size,
        warnings: [],
        close: nothing,
      };
    }
    case 'dir': {
      await requireKind(source.path, 'directory');
      const staged = await stageDirectory(source.path);
      // Loaded on demand: the archive code is only needed for uploads.
      const { packDirectory } = await import('@kiln/artifact-store');
      return {
        body: packDirectory(staged.dir),
        query: commitQuery(commit),
        description: `Uploading directory "${source.path}" as binary input for the build ...`,
        warnings: staged.skipped.map((p) => `skipped ${p}: not a file, directory or symlink`),
        close: staged.remove,
      };
    }
    case 'repo': {
      await requireKind(source.path, 'directory');
      const resolved = await git.commit(source.path, commit ?? 'HEAD');
      return {
        body: git.archive(source.path, resolved.commit),
        query: revisionQuery(resolved),
        description: `Uploading "${source.path}" at commit "${resolved.commit}" as binary input for the build ...`,
        warnings: [],
        close: nothing,
      };
    }
  }
}
