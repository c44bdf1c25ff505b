import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsServer, PostgresServer } from '@kiln/farm';
import { EventBus } from '@kiln/events';
import { bootstrapService, listeningPort } from '@kiln/service-kit';
import { makeTempDir, startTestNats, startTestPostgres } from '@kiln/testing';
import { AppModule } from '../src/app.module.js';
import { buildApiEnv, type BuildApiConfig } from '../src/config/build-api.config.js';
import { configureBodyParsers } from '../src/http/body-parsers.js';

/** Tokens the harness writes; names say what each may do. */
export type HarnessTokens = {
  admin: string;
  /** edit in namespaces a and b only. */
  editAB: string;
  /** view in namespace a only. */
  viewA: string;
  /** edit in namespace b only. */
  editB: string;
};

export type BuildApiHarness = {
  url: string;
  app: INestApplication;
  nats: NatsServer;
  postgres: PostgresServer;
  bus: EventBus;
  config: BuildApiConfig;
  tokens: HarnessTokens;
  /** fetch against the API with the admin token (or `token`), JSON body when given an object. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; contentType?: string },
  ): Promise<Response>;
  /** Stops the app, then the servers it used. */
  stop(): Promise<void>;
  /** Restarts only the app (same database and NATS), as after a crash. */
  restart(): Promise<void>;
};

const token = (): string => randomBytes(24).toString('hex');

/**
 * build-api in-process against a real PostgreSQL and NATS, each on a free loopback port.
 * `env` overrides any config key (for example KILN_MAX_UPLOAD_BYTES).
 */
export async function startBuildApi(env: Record<string, string> = {}): Promise<BuildApiHarness> {
  const [nats, postgres] = await Promise.all([startTestNats(), startTestPostgres()]);
  const dir = makeTempDir('build-api');
  const tokens: HarnessTokens = { admin: token(), editAB: token(), viewA: token(), editB: token() };
  const tokensFile = join(dir.path, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: tokens.admin, name: 'admin', role: 'admin', namespaces: ['*'] },
      { token: tokens.editAB, name: 'edit-ab', role: 'edit', namespaces: ['a', 'b'] },
      { token: tokens.viewA, name: 'view-a', role: 'view', namespaces: ['a'] },
      { token: tokens.editB, name: 'edit-b', role: 'edit', namespaces: ['b'] },
    ]),
  );
  const config = buildApiEnv.parse({
    NATS_URL: nats.url,
    DATABASE_URL: postgres.url,
    API_PORT: '0',
    KILN_HOST: '127.0.0.1',
    KILN_LOG_LEVEL: 'error',
    KILN_TOKENS_FILE: tokensFile,
    KILN_SECRET_KEY: randomBytes(32).toString('base64'),
    REGISTRY_HOST: '127.0.0.1:1',
    ...env,
  });
  const boot = () =>
    bootstrapService(AppModule.forRoot(config), {
      name: 'build-api',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'error',
      configure: configureBodyParsers,
    });
  let app = await boot();
  const harness: BuildApiHarness = {
    url: `http://127.0.0.1:${listeningPort(app)}`,
    app,
    nats,
    postgres,
    bus: app.get(EventBus),
    config,
    tokens,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.token ?? tokens.admin}`,
      };
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] = options.contentType ?? 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      return fetch(`${harness.url}${path}`, { method, headers, body });
    },
    async stop() {
      await harness.app.close();
      await Promise.all([nats.stop(), postgres.stop()]);
      dir.remove();
    },
    async restart() {
      await harness.app.close();
      app = await boot();
      harness.app = app;
      harness.url = `http://127.0.0.1:${listeningPort(app)}`;
      harness.bus = app.get(EventBus);
    },
  };
  return harness;
}
