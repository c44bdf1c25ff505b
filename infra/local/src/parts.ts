import { join } from 'node:path';
import {
  startGitDaemon,
  startNats,
  startPostgres,
  startRegistry,
  spawnLogged,
  type ManagedProcess,
  type RegistryOptions,
} from '@kiln/farm';
import type { FarmLayout, FarmPorts } from './layout.js';

/** A part of the farm: how to start it detached, and how to tell it is healthy. */
export type PartSpec = {
  name: string;
  port: number;
  url: string;
  /** An HTTP URL answering 200 when the part is ready; parts without one are checked by port. */
  health?: string;
  start(): Promise<{ pid: number }>;
};

export const SERVICES = ['source-fetcher', 'dockerfile-generator', 'builder', 'pusher'] as const;

export type FarmSecrets = { adminToken: string; secretKey: string; notificationToken: string };

/** Where build-api hears of pushes to the farm registry (image streams; see build-api). */
export const notificationUrl = (ports: FarmPorts): string =>
  `http://127.0.0.1:${ports.api}/internal/registry/notifications`;

/** How the farm's registry runs: `up` starts it so, and `gc` restarts it so. */
export function registryOptions(
  layout: FarmLayout,
  ports: FarmPorts,
  secrets: Pick<FarmSecrets, 'notificationToken'>,
): RegistryOptions {
  return {
    port: ports.registry,
    dataDir: layout.data('registry'),
    logFile: layout.log('registry'),
    detached: true,
    // It starts before build-api: the registry retries until build-api answers, and
    // build-api's reconciliation repairs whatever is lost meanwhile.
    notificationUrls: [notificationUrl(ports)],
    notificationHeaders: { Authorization: `Bearer ${secrets.notificationToken}` },
    notificationIgnoredActions: ['pull'],
  };
}

/** The parts in start order: infrastructure first, then build-api, then the workers. */
export function farmParts(layout: FarmLayout, ports: FarmPorts, secrets: FarmSecrets): PartSpec[] {
  const detached = true;
  const registryHost = `127.0.0.1:${ports.registry}`;
  const natsUrl = `nats://127.0.0.1:${ports.nats}`;
  const databaseUrl = `postgres://kiln@127.0.0.1:${ports.postgres}/kiln`;
  const pid = (p: ManagedProcess) => ({ pid: p.pid });
  const commonEnv = {
    ...process.env,
    NATS_URL: natsUrl,
    REGISTRY_HOST: registryHost,
    KILN_HOST: '127.0.0.1',
  };
  const node = (name: string, env: NodeJS.ProcessEnv) => () => {
    const child = spawnLogged({
      name,
      command: process.execPath,
      args: [join(layout.root, 'apps', name, 'dist', 'main.js')],
      logFile: layout.log(name),
      env,
      detached,
      cwd: layout.root,
    });
    return Promise.resolve({ pid: child.pid ?? -1 });
  };
  return [
    {
      name: 'nats',
      port: ports.nats,
      url: natsUrl,
      start: async () =>
        pid(
          await startNats({
            port: ports.nats,
            dataDir: layout.data('nats'),
            logFile: layout.log('nats'),
            detached,
          }),
        ),
    },
    {
      name: 'postgres',
      port: ports.postgres,
      url: databaseUrl,
      start: async () =>
        pid(
          await startPostgres({
            port: ports.postgres,
            dataDir: layout.data('postgres'),
            logFile: layout.log('postgres'),
            detached,
          }),
        ),
    },
    {
      name: 'registry',
      port: ports.registry,
      url: `http://${registryHost}`,
      health: `http://${registryHost}/v2/`,
      start: async () => pid(await startRegistry(registryOptions(layout, ports, secrets))),
    },
    {
      name: 'git-daemon',
      port: ports.git,
      url: `git://127.0.0.1:${ports.git}/`,
      start: async () =>
        pid(
          await startGitDaemon({
            port: ports.git,
            baseDir: layout.gitRepos,
            logFile: layout.log('git-daemon'),
            detached,
          }),
        ),
    },
    {
      name: 'build-api',
      port: ports.api,
      url: `http://127.0.0.1:${ports.api}`,
      health: `http://127.0.0.1:${ports.api}/readyz`,
      start: node('build-api', {
        ...commonEnv,
        API_PORT: String(ports.api),
        DATABASE_URL: databaseUrl,
        KILN_TOKENS_FILE: layout.tokensFile,
        KILN_SECRET_KEY: secrets.secretKey,
        KILN_REGISTRY_NOTIFICATION_TOKEN: secrets.notificationToken,
      }),
    },
    ...SERVICES.map((name) => ({
      name,
      port: ports[name],
      url: `http://127.0.0.1:${ports[name]}`,
      health: `http://127.0.0.1:${ports[name]}/readyz`,
      start: node(name, {
        ...commonEnv,
        HEALTH_PORT: String(ports[name]),
        KILN_WORK_DIR: layout.data(`work-${name}`),
        KILN_BUILDAH_ROOT: layout.data('buildah'),
      }),
    })),
  ];
}
