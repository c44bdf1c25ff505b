import type { RegistryCredentials } from './registry-auth.js';

/** A Secret's type and its data, values base64 as Kubernetes stores them. */
export type PullSecretData = { type?: string; data: Record<string, string> };

type AuthEntry = { auth?: string; username?: string; password?: string; identitytoken?: string };

const HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** `https://host/v1/`, `host/path`, `host` → `host`, the form entries are matched on. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
}

function entries(secret: PullSecretData): Record<string, AuthEntry> {
  const decode = (key: string): unknown => {
    const raw = secret.data[key];
    return raw === undefined ? undefined : JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  };
  if (secret.type === 'kubernetes.io/dockercfg' || secret.data['.dockercfg'] !== undefined) {
    return (decode('.dockercfg') ?? {}) as Record<string, AuthEntry>;
  }
  const config = (decode('.dockerconfigjson') ?? {}) as { auths?: Record<string, AuthEntry> };
  return config.auths ?? {};
}

function toCredentials(entry: AuthEntry): RegistryCredentials | undefined {
  if (entry.identitytoken) {
    return { token: entry.identitytoken };
  }
  if (entry.username !== undefined && entry.password !== undefined) {
    return { username: entry.username, password: entry.password };
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  return undefined;
}

/**
 * The credentials a docker config Secret (`.dockerconfigjson` or legacy `.dockercfg`) holds for
 * a registry host, matched as container tools match them: by host (scheme and path ignored),
 * with Docker Hub's several names treated as one. Undefined when none applies.
 */
export function credentialsForRegistry(
  secret: PullSecretData,
  registry: string,
): RegistryCredentials | undefined {
  const wanted = HUB_KEYS.includes(registry) ? HUB_KEYS : [registry];
  for (const [key, entry] of Object.entries(entries(secret))) {
    if (wanted.includes(keyHost(key))) {
      const credentials = toCredentials(entry);
      if (credentials) {
        return credentials;
      }
    }
  }
  return undefined;
}
