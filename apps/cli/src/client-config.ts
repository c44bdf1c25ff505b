import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Where the CLI talks to: flags win over env, env over the config file `./kiln up` writes. */
export type ClientConfig = { server: string; token?: string; namespace: string };

export function configFile(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'kiln', 'config.yaml');
}

export function loadClientConfig(flags: {
  server?: string;
  token?: string;
  namespace?: string;
}): ClientConfig {
  const file = configFile();
  const stored = existsSync(file)
    ? ((parse(readFileSync(file, 'utf8')) ?? {}) as Partial<ClientConfig>)
    : {};
  return {
    server: flags.server ?? process.env.KILN_SERVER ?? stored.server ?? 'http://127.0.0.1:8080',
    token: flags.token ?? process.env.KILN_TOKEN ?? stored.token,
    namespace: flags.namespace ?? process.env.KILN_NAMESPACE ?? stored.namespace ?? 'default',
  };
}
