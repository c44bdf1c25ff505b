import { once } from 'node:events';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { directoryBytes } from './directory-bytes.js';
import { spawnLogged } from './process.js';
import { startRegistry, type RegistryOptions, type RegistryServer } from './registry.js';

export type RegistryGcResult = {
  /** The registry serving normally again, on the same port: a new process. */
  registry: RegistryServer;
  bytesBefore: number;
  bytesAfter: number;
  bytesFreed: number;
  /** garbage-collect's closing line: blobs marked, and blobs and manifests it deleted. */
  summary: string;
};

/** garbage-collect failed; the registry was restarted normally all the same. */
export class RegistryGcFailed extends Error {
  constructor(
    message: string,
    readonly registry: RegistryServer,
  ) {
    super(message);
  }
}

/**
 * Frees the blobs no manifest references any more. docker-registry deletes manifests online but
 * frees blob bytes only in its offline `garbage-collect`, which must not run beside pushes: a
 * blob uploaded while it marks would be freed though a manifest is about to reference it. So the
 * running registry is stopped (`stopRunning`), started again read-only on the same port (pulls
 * go on, pushes are refused meanwhile), garbage-collect runs on its config and storage root, and
 * the registry is started normally again, whatever garbage-collect did.
 */
export async function collectRegistryGarbage(
  options: RegistryOptions,
  stopRunning: () => Promise<void>,
): Promise<RegistryGcResult> {
  await stopRunning();
  let collected: Omit<RegistryGcResult, 'registry'> | undefined;
  let failure: unknown;
  try {
    const readOnly = await startRegistry({ ...options, readOnly: true });
    try {
      const bytesBefore = await directoryBytes(readOnly.storageRoot);
      // garbage-collect fails on a registry that has never stored anything.
      const summary = existsSync(join(readOnly.storageRoot, 'docker/registry/v2/repositories'))
        ? await runGarbageCollect(readOnly.configFile, readOnly.logFile)
        : 'nothing stored yet';
      const bytesAfter = await directoryBytes(readOnly.storageRoot);
      collected = { bytesBefore, bytesAfter, bytesFreed: bytesBefore - bytesAfter, summary };
    } finally {
      await readOnly.stop();
    }
  } catch (error) {
    failure = error;
  }
  const registry = await startRegistry({ ...options, readOnly: false });
  if (!collected) {
    throw new RegistryGcFailed(
      `the registry garbage-collect failed: ${(failure as Error).message}`,
      registry,
    );
  }
  return { registry, ...collected };
}

/** `docker-registry garbage-collect`, its output appended to the registry's log. */
async function runGarbageCollect(configFile: string, logFile: string): Promise<string> {
  const start = existsSync(logFile) ? statSync(logFile).size : 0;
  const child = spawnLogged({
    name: 'registry-gc',
    command: 'docker-registry',
    args: ['garbage-collect', configFile],
    logFile,
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const lines = tailOf(logFile, start).split('\n').filter(Boolean);
  if (code !== 0) {
    throw new Error(`exited with code ${String(code)}: ${lines.slice(-3).join(' ')}`);
  }
  return lines.findLast((line) => / blobs marked, /.test(line)) ?? '';
}

/** What was appended to `file` since `offset`, at most its last 64 KiB (one line per blob). */
function tailOf(file: string, offset: number): string {
  const size = statSync(file).size;
  const from = Math.max(offset, size - 64 * 1024);
  const bytes = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, bytes, 0, bytes.length, from);
  } finally {
    closeSync(fd);
  }
  return bytes.toString('utf8');
}
