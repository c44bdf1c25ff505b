import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** Where the CLI talks to: flags win over env, env over the config file `./kiln up` writes. */
export type ClientConfig = { server: string; token?: string; namespace: string };

export type ConfigFlags = { server?: string; token?: string; namespace?: string };

/** Where settings come from; tests pass their own. */
export type ConfigSource = { file: string; env: Readonly<Record<string, string | undefined>> };

export const defaultServer = 'http://127.0.0.1:8080';

export function configFile(env: ConfigSource['env'] = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'kiln', 'config.yaml');
}

export function defaultConfigSource(): ConfigSource {
  return { file: configFile(), env: process.env };
}

/** The stored settings, with any keys this CLI does not know kept as they are. */
export function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) {
    return {};
  }
  const parsed = parse(readFileSync(file, 'utf8')) as unknown;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function loadClientConfig(
  flags: ConfigFlags,
  source: ConfigSource = defaultConfigSource(),
): ClientConfig {
  const stored = readConfigFile(source.file);
  return {
    server: flags.server ?? text(source.env.KILN_SERVER) ?? text(stored.server) ?? defaultServer,
    token: flags.token ?? text(source.env.KILN_TOKEN) ?? text(stored.token),
    namespace:
      flags.namespace ?? text(source.env.KILN_NAMESPACE) ?? text(stored.namespace) ?? 'default',
  };
}

/** Merges `changes` into the config file (0600: it holds a token). */
export function saveClientConfig(file: string, changes: Partial<ClientConfig>): void {
  const merged = { ...readConfigFile(file), ...changes };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(merged), { mode: 0o600 });
  chmodSync(file, 0o600);
}
