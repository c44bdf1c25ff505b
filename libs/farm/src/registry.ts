import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { managed, readyOrExit, spawnLogged, type ManagedProcess } from './process.js';

export type RegistryOptions = {
  port: number;
  dataDir: string;
  logFile?: string;
  detached?: boolean;
  /** An htpasswd file (bcrypt entries) to require basic auth. */
  htpasswdFile?: string;
  /** URLs that receive the registry's push/pull notifications. */
  notificationUrls?: string[];
  /** Headers sent with every notification (e.g. `Authorization: Bearer …` for the receiver). */
  notificationHeaders?: Record<string, string>;
  /** Actions not worth a notification (`pull`: every build pulls). */
  notificationIgnoredActions?: string[];
  /**
   * Maintenance mode: pulls are served, pushes and deletes refused. What garbage-collect needs
   * (see registry-gc.ts): a blob pushed while it runs would be freed though a manifest is about
   * to reference it.
   */
  readOnly?: boolean;
};
export type RegistryServer = ManagedProcess & {
  readonly host: string;
  readonly url: string;
  /** Its stdout and stderr: one JSON line per request, which tests read to see what moved. */
  readonly logFile: string;
  /** The config it was started with, which `docker-registry garbage-collect` reads too. */
  readonly configFile: string;
  /** Where it stores blobs and repositories (the filesystem driver's root directory). */
  readonly storageRoot: string;
};

/** docker-registry (CNCF distribution) on loopback, plain HTTP, deletes enabled for retention. */
export async function startRegistry(options: RegistryOptions): Promise<RegistryServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = options.logFile ?? join(options.dataDir, 'registry.log');
  const storageRoot = join(options.dataDir, 'storage');
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', formatter: 'json' },
    storage: {
      filesystem: { rootdirectory: storageRoot },
      delete: { enabled: true },
      ...(options.readOnly ? { maintenance: { readonly: { enabled: true } } } : {}),
    },
    http: { addr: `127.0.0.1:${options.port}` },
  };
  if (options.htpasswdFile) {
    config.auth = { htpasswd: { realm: 'kiln', path: options.htpasswdFile } };
  }
  if (options.notificationUrls?.length) {
    // docker-registry takes each header as a list of values.
    const headers = Object.fromEntries(
      Object.entries(options.notificationHeaders ?? {}).map(([k, v]) => [k, [v]]),
    );
    const ignoredActions = options.notificationIgnoredActions ?? [];
    config.notifications = {
      endpoints: options.notificationUrls.map((url, i) => ({
        name: `kiln-${i}`,
        url,
        timeout: '2s',
        threshold: 5,
        backoff: '1s',
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(ignoredActions.length ? { ignore: { actions: ignoredActions } } : {}),
      })),
    };
  }
  const configFile = join(options.dataDir, 'config.yml');
  // JSON is valid YAML, which is what docker-registry reads.
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  // The Debian package reads its own config unless told otherwise; env points it at ours.
  const child = spawnLogged({
    name: 'registry',
    command: 'docker-registry',
    args: ['serve', configFile],
    logFile,
    detached: options.detached,
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
  });
  const host = `127.0.0.1:${options.port}`;
  await readyOrExit('docker-registry', child, logFile, waitForRegistry(host, 15_000));
  return {
    ...managed('registry', child, options.port),
    host,
    url: `http://${host}`,
    logFile,
    configFile,
    storageRoot,
  };
}

async function waitForRegistry(host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) {
        return;
      }
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
