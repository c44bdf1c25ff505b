import {
  credentialSecrets,
  credentialsForRegistry,
  redact,
  type PullSecretData,
  type RegistryCredentials,
} from '@kiln/artifact-store';

/** A docker config Secret of the stream's namespace, decrypted. */
export type NamedPullSecret = { name: string; secret: PullSecretData };

/** Credentials to try, and the Secret they came from (named in messages, never its values). */
export type PullCandidate = { secret: string; credentials: RegistryCredentials };

/**
 * The credentials the namespace's docker config Secrets hold for `registry`, in Secret name
 * order, each distinct set once: what an import tries before giving up. A Secret whose config
 * cannot be read is passed over, as OpenShift passes over a Secret it cannot parse.
 */
export function pullCandidates(
  secrets: readonly NamedPullSecret[],
  registry: string,
): PullCandidate[] {
  const candidates: PullCandidate[] = [];
  const seen = new Set<string>();
  for (const { name, secret } of [...secrets].sort((a, b) => a.name.localeCompare(b.name))) {
    const credentials = readable(secret, registry);
    const key = credentials && JSON.stringify(credentials);
    if (credentials && key && !seen.has(key)) {
      seen.add(key);
      candidates.push({ secret: name, credentials });
    }
  }
  return candidates;
}

function readable(secret: PullSecretData, registry: string): RegistryCredentials | undefined {
  try {
    return credentialsForRegistry(secret, registry);
  } catch {
    return undefined;
  }
}

/**
 * `text` with the credentials' secret parts (password, token, the base64 `user:password` sent in
 * headers) masked. RegistryError messages are masked by the client already; this is for errors
 * raised around it.
 */
export function withoutCredentials(text: string, credentials?: RegistryCredentials): string {
  return redact(text, credentialSecrets(credentials));
}
