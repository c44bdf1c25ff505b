import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import {
  findFreePort,
  startGitDaemon,
  startNats,
  startPostgres,
  startRegistry,
  type GitDaemon,
  type NatsServer,
  type PostgresServer,
  type RegistryServer,
} from '@kiln/farm';
import { makeTempDir } from './temp-dir.js';

/** Wraps a server so that stopping it also removes its temp dir. */
function withCleanup<T extends { stop(): Promise<void> }>(server: T, remove: () => void): T {
  return {
    ...server,
    stop: async () => {
      await server.stop();
      remove();
    },
  };
}

/** A throwaway nats-server with JetStream on a free loopback port. */
export async function startTestNats(): Promise<NatsServer> {
  const dir = makeTempDir('nats');
  const server = await startNats({ port: await findFreePort(), dataDir: dir.path });
  return withCleanup(server, dir.remove);
}

/** A throwaway PostgreSQL cluster (durability off, for speed) on a free loopback port. */
export async function startTestPostgres(database = 'kiln'): Promise<PostgresServer> {
  const dir = makeTempDir('pg');
  // The server runs as the postgres user when we are root: it must be able to reach its dir.
  chmodSync(dir.path, 0o755);
  const server = await startPostgres({
    port: await findFreePort(),
    dataDir: join(dir.path, 'data'),
    database,
    fast: true,
  });
  return withCleanup(server, dir.remove);
}

export type RegistryCredentials = { username: string; password: string };

/** A throwaway docker-registry; with credentials it requires htpasswd basic auth. */
export async function startTestRegistry(
  options: { auth?: RegistryCredentials; notificationUrls?: string[] } = {},
): Promise<RegistryServer> {
  const dir = makeTempDir('registry');
  let htpasswdFile: string | undefined;
  if (options.auth) {
    htpasswdFile = join(dir.path, 'htpasswd');
    const line = execFileSync('htpasswd', ['-Bbn', options.auth.username, options.auth.password], {
      encoding: 'utf8',
    });
    writeFileSync(htpasswdFile, line.trim() + '\n');
  }
  const server = await startRegistry({
    port: await findFreePort(),
    dataDir: dir.path,
    htpasswdFile,
    notificationUrls: options.notificationUrls,
  });
  return withCleanup(server, dir.remove);
}

/** A throwaway git daemon serving repositories created with `createGitRepo` under its baseDir. */
export async function startTestGitDaemon(): Promise<GitDaemon> {
  const dir = makeTempDir('git');
  const server = await startGitDaemon({
    port: await findFreePort(),
    baseDir: join(dir.path, 'repos'),
    logFile: join(dir.path, 'daemon.log'),
  });
  return withCleanup(server, dir.remove);
}
