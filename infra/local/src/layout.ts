import { join } from 'node:path';

/** Where the local farm keeps its state: `.kiln/` at the repository root (gitignored), or KILN_STATE_DIR. */
export function farmLayout(root: string) {
  const state = process.env.KILN_STATE_DIR ?? join(root, '.kiln');
  return {
    root,
    state,
    stateFile: join(state, 'farm.json'),
    logs: join(state, 'logs'),
    log: (part: string) => join(state, 'logs', `${part}.log`),
    data: (part: string) => join(state, part),
    tokensFile: join(state, 'tokens.json'),
    secretKeyFile: join(state, 'secret.key'),
    notificationTokenFile: join(state, 'registry-notification.token'),
    gitRepos: join(state, 'git', 'repos'),
  };
}
export type FarmLayout = ReturnType<typeof farmLayout>;

const envPort = (key: string, fallback: number): number => {
  const raw = process.env[key];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${key}=${raw} is not a port number`);
  }
  return value;
};

/** Every port the farm uses, each overridable by env. */
export function farmPorts() {
  return {
    nats: envPort('KILN_NATS_PORT', 4222),
    postgres: envPort('KILN_POSTGRES_PORT', 5433),
    registry: envPort('KILN_REGISTRY_PORT', 5000),
    git: envPort('KILN_GIT_PORT', 9418),
    api: envPort('KILN_API_PORT', 8080),
    'source-fetcher': envPort('KILN_SOURCE_FETCHER_PORT', 8081),
    'dockerfile-generator': envPort('KILN_DOCKERFILE_GENERATOR_PORT', 8082),
    builder: envPort('KILN_BUILDER_PORT', 8083),
    pusher: envPort('KILN_PUSHER_PORT', 8084),
  };
}
export type FarmPorts = ReturnType<typeof farmPorts>;
