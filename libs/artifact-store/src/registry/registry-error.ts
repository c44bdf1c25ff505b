/** Every way a registry call can fail, as a closed list callers can switch on. */
export const RegistryErrorCodes = [
  'UNAUTHORIZED',
  'DENIED',
  'NAME_UNKNOWN',
  'MANIFEST_INVALID',
  'BLOB_UNKNOWN',
  'UNREACHABLE',
  'DIGEST_MISMATCH',
  'UNKNOWN',
] as const;
export type RegistryErrorCode = (typeof RegistryErrorCodes)[number];

/**
 * A registry call that failed for good (after retries). The message is meant for a user and
 * never carries a password or token: clients pass their secrets to `redact` before throwing.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** The HTTP status when the registry answered at all. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Replaces every secret (and its base64 forms, as sent in headers) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) {
      continue; // too short to mask without mangling the message; such secrets are not ours to guard
    }
    out = out.split(secret).join('***');
  }
  return out;
}
