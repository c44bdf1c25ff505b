import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type TokenRecord = {
  token: string;
  name: string;
  role: 'view' | 'edit' | 'admin';
  namespaces: string[];
};

/** The admin token of the local farm, made once and kept, so `up` twice prints the same one. */
export function ensureAdminToken(tokensFile: string): string {
  if (existsSync(tokensFile)) {
    const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as TokenRecord[];
    const admin = tokens.find((t) => t.name === 'admin');
    if (admin) {
      return admin.token;
    }
  }
  const token = `kiln_${randomBytes(24).toString('base64url')}`;
  const records: TokenRecord[] = [{ token, name: 'admin', role: 'admin', namespaces: ['*'] }];
  writeFileSync(tokensFile, JSON.stringify(records, null, 2) + '\n', { mode: 0o600 });
  return token;
}

/** The key that encrypts Secret data at rest in the local farm's database. */
export function ensureSecretKey(keyFile: string): string {
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  }
  return readFileSync(keyFile, 'utf8').trim();
}

/**
 * The token the farm registry sends with its push notifications and build-api checks: made once
 * and kept, so a registry left running by an earlier `up` still gets through.
 */
export function ensureNotificationToken(tokenFile: string): string {
  if (!existsSync(tokenFile)) {
    writeFileSync(tokenFile, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  }
  return readFileSync(tokenFile, 'utf8').trim();
}
