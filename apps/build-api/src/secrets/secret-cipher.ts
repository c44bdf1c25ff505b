import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Secret data as stored: AES-256-GCM ciphertext with its IV, tag and the id of its key. */
export type SealedData = { keyId: string; iv: Buffer; authTag: Buffer; ciphertext: Buffer };

/** Raised when sealed data cannot be opened; its message never holds plaintext or key bytes. */
export class UnsealError extends Error {}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/**
 * A key's id is a short hash of it, so rotating needs no bookkeeping beyond the keys themselves:
 * each row names the key that sealed it.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('kiln-secret-key-id\0').update(key).digest('hex').slice(0, 16);
}

/** Parses `KILN_SECRET_KEYS_OLD`: comma-separated base64 keys, blanks ignored. */
export function parseKeyList(value: string): Buffer[] {
  return value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
}

/**
 * Seals with the current key, opens with any known key. `context` (the object's uid) is bound
 * as additional data, so a ciphertext copied onto another Secret's row does not open.
 */
export class SecretCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(
    private readonly current: Buffer,
    old: readonly Buffer[] = [],
  ) {
    for (const key of [current, ...old]) {
      if (key.length !== 32) {
        throw new Error('secret keys must be 32 bytes');
      }
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(current);
  }

  static fromConfig(config: { KILN_SECRET_KEY: string; KILN_SECRET_KEYS_OLD?: string }) {
    return new SecretCipher(
      Buffer.from(config.KILN_SECRET_KEY, 'base64'),
      parseKeyList(config.KILN_SECRET_KEYS_OLD ?? ''),
    );
  }

  seal(plaintext: Buffer, context: string): SealedData {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.currentKeyId, iv, authTag: cipher.getAuthTag(), ciphertext };
  }

  open(sealed: SealedData, context: string): Buffer {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new UnsealError(`no configured key has id ${sealed.keyId}`);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      throw new UnsealError(`data sealed with key ${sealed.keyId} failed authentication`);
    }
  }
}
