import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForPort } from './ports.js';
import { managed, readyOrExit, spawnLogged, type ManagedProcess } from './process.js';

const run = promisify(execFile);

export type PostgresOptions = {
  port: number;
  dataDir: string;
  database?: string;
  logFile?: string;
  detached?: boolean;
  /** Trade durability for speed: right for throwaway test clusters only. */
  fast?: boolean;
};
export type PostgresServer = ManagedProcess & { readonly url: string; readonly database: string };

const SUPERUSER = 'kiln';

/** Debian installs server binaries outside PATH, one folder per major version. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb'))) {
      return dir;
    }
  }
  throw new Error(
    'PostgreSQL server binaries not found under /usr/lib/postgresql: run ./kiln setup',
  );
}

/** PostgreSQL refuses to run as root, so root runs it as the system user `postgres`. */
async function serverIdentity(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) {
    return {};
  }
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

function ownTree(dir: string, uid?: number, gid?: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (uid !== undefined && gid !== undefined) {
    chownSync(dir, uid, gid);
  }
}

/** Starts (after initdb on first use) a PostgreSQL cluster on loopback with a `kiln` superuser. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const { uid, gid } = await serverIdentity();
  const database = options.database ?? 'kiln';
  const pgdata = join(options.dataDir, 'pgdata');
  const socketDir = join(options.dataDir, 'socket');
  const logFile = options.logFile ?? join(options.dataDir, 'postgres.log');
  ownTree(options.dataDir, uid, gid);
  ownTree(socketDir, uid, gid);
  const asServer = { uid, gid, env: { ...process.env, LC_ALL: 'C.UTF-8' } };
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    await run(
      join(bin, 'initdb'),
      ['-D', pgdata, '--auth=trust', '--no-sync', '-U', SUPERUSER, '-E', 'UTF8'],
      asServer,
    );
  }
  const tuning = options.fast
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const child = spawnLogged({
    name: 'postgres',
    command: join(bin, 'postgres'),
    args: [
      '-D',
      pgdata,
      '-p',
      String(options.port),
      '-h',
      '127.0.0.1',
      '-k',
      socketDir,
      '-c',
      'max_connections=200',
      ...tuning,
    ],
    logFile,
    detached: options.detached,
    ...asServer,
  });
  if (uid !== undefined && gid !== undefined && existsSync(logFile)) {
    chownSync(logFile, uid, gid);
  }
  await readyOrExit('postgres', child, logFile, waitForPg(bin, options.port, 30_000));
  await ensureDatabase(bin, options.port, database);
  const server = managed('postgres', child, options.port);
  return {
    ...server,
    database,
    url: `postgres://${SUPERUSER}@127.0.0.1:${options.port}/${database}`,
  };
}

async function waitForPg(bin: string, port: number, timeoutMs: number): Promise<void> {
  await waitForPort(port, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER]);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function ensureDatabase(bin: string, port: number, database: string): Promise<void> {
  const psql = (sql: string) =>
    run(join(bin, 'psql'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      SUPERUSER,
      '-d',
      'postgres',
      '-tAc',
      sql,
    ]);
  const { stdout } = await psql(
    `SELECT 1 FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`,
  );
  if (stdout.trim() !== '1') {
    await psql(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  }
}

export const postgresUser = (): string =>
  process.getuid?.() === 0 ? 'postgres' : userInfo().username;
