import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, startNats, type NatsServer, type PostgresServer } from '@kiln/farm';
import { makeTempDir, startTestPostgres } from '@kiln/testing';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(appDir, 'dist', 'main.js');

/**
 * build-api as a child process (`node dist/main.js`, built by `pnpm build`) against a real
 * PostgreSQL and NATS, for tests that crash it (`kill('SIGKILL')`) or take NATS away from it.
 * NATS keeps its port and data directory across `stopNats`/`startNats`, as a restarted server
 * would.
 */
export type BuildApiProcess = {
  url: string;
  natsUrl: string;
  postgres: PostgresServer;
  adminToken: string;
  /** Starts build-api (again) and waits until it answers /healthz. */
  start(): Promise<void>;
  /** Kills build-api with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  stopNats(): Promise<void>;
  startNats(): Promise<void>;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  /** What build-api wrote to stdout and stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
};

export async function startBuildApiProcess(
  env: Record<string, string> = {},
): Promise<BuildApiProcess> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} does not exist: run \`pnpm build\` in apps/build-api first`);
  }
  const dir = makeTempDir('build-api-process');
  const natsPort = await findFreePort();
  const natsDir = join(dir.path, 'nats');
  let nats: NatsServer | undefined = await startNats({ port: natsPort, dataDir: natsDir });
  const postgres = await startTestPostgres();
  const apiPort = await findFreePort();
  const adminToken = randomBytes(24).toString('hex');
  const tokensFile = join(dir.path, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([{ token: adminToken, name: 'admin', role: 'admin', namespaces: ['*'] }]),
  );
  const logFile = join(dir.path, 'build-api.log');
  writeFileSync(logFile, '');
  const childEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    NATS_URL: nats.url,
    DATABASE_URL: postgres.url,
    API_PORT: String(apiPort),
    KILN_HOST: '127.0.0.1',
    KILN_LOG_LEVEL: 'warn',
    KILN_TOKENS_FILE: tokensFile,
    KILN_SECRET_KEY: randomBytes(32).toString('base64'),
    REGISTRY_HOST: '127.0.0.1:1',
    ...env,
  };
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${apiPort}`;

  const handle: BuildApiProcess = {
    url,
    natsUrl: nats.url,
    postgres,
    adminToken,
    async start() {
      const out = openSync(logFile, 'a');
      child = spawn(process.execPath, [MAIN], { env: childEnv, stdio: ['ignore', out, out] });
      closeSync(out);
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) {
          throw new Error(`build-api exited with ${child.exitCode}:\n${handle.log()}`);
        }
        const ok = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`build-api did not answer /healthz in 30 s:\n${handle.log()}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill(signal = 'SIGKILL') {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) {
        return;
      }
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
    async stopNats() {
      await nats?.stop();
      nats = undefined;
    },
    async startNats() {
      nats ??= await startNats({ port: natsPort, dataDir: natsDir });
    },
    request(method, path, body) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    log: () => readFileSync(logFile, 'utf8'),
    async stop() {
      await handle.kill('SIGTERM');
      await nats?.stop();
      await postgres.stop();
      dir.remove();
    },
  };
  await handle.start();
  return handle;
}
