import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from './ports.js';
import { managed, readyOrExit, spawnLogged, type ManagedProcess } from './process.js';

export type NatsOptions = { port: number; dataDir: string; logFile?: string; detached?: boolean };
export type NatsServer = ManagedProcess & { readonly url: string };

/** nats-server with JetStream on file storage, so queued work survives a restart. */
export async function startNats(options: NatsOptions): Promise<NatsServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = options.logFile ?? join(options.dataDir, 'nats.log');
  const child = spawnLogged({
    name: 'nats',
    command: 'nats-server',
    args: [
      '-a',
      '127.0.0.1',
      '-p',
      String(options.port),
      '-js',
      '-sd',
      options.dataDir,
      '-n',
      `kiln-${options.port}`,
    ],
    logFile,
    detached: options.detached,
  });
  await readyOrExit('nats-server', child, logFile, waitForPort(options.port, 15_000));
  return { ...managed('nats', child, options.port), url: `nats://127.0.0.1:${options.port}` };
}
