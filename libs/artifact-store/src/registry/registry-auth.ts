import type { AuthChallenge } from './auth-challenge.js';
import { readBody, send } from './http-transport.js';
import { RegistryError } from './registry-error.js';

export type RegistryCredentials = { username: string; password: string } | { token: string };

/** The parts of credentials that must never reach a message: as given, and as headers send them. */
export function credentialSecrets(credentials: RegistryCredentials | undefined): string[] {
  if (!credentials) {
    return [];
  }
  if ('token' in credentials) {
    return [credentials.token];
  }
  const { username, password } = credentials;
  return [password, Buffer.from(`${username}:${password}`).toString('base64')];
}

/**
 * Turns credentials into Authorization headers. Basic credentials are sent once the registry
 * asks for them; a Bearer challenge is answered with a token from its realm, cached per scope.
 * A `{ token }` is an already-issued bearer token, sent as it is.
 */
export class RegistryAuth {
  private basicAccepted = false;
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly host: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** Every secret that must never reach an error message. */
  get secrets(): string[] {
    return [...credentialSecrets(this.credentials), ...this.tokens.values()];
  }

  get who(): string {
    const c = this.credentials;
    return !c ? 'anonymous' : 'token' in c ? 'the given token' : `user "${c.username}"`;
  }

  headerFor(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token) {
      return `Bearer ${token}`;
    }
    const c = this.credentials;
    if (c && 'token' in c) {
      return `Bearer ${c.token}`;
    }
    if (c && this.basicAccepted) {
      return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    return undefined;
  }

  /** Answers a 401 challenge; true when there is something new to retry with. */
  async answer(challenge: AuthChallenge | null, scope: string): Promise<boolean> {
    const c = this.credentials;
    if (!challenge || !c) {
      return false;
    }
    if (challenge.scheme === 'basic' && 'username' in c && !this.basicAccepted) {
      this.basicAccepted = true;
      return true;
    }
    if (challenge.scheme === 'bearer' && !this.tokens.has(scope) && challenge.params.realm) {
      this.tokens.set(scope, await this.fetchToken(challenge, scope));
      return true;
    }
    return false;
  }

  /** The token endpoint of the distribution auth spec (GET realm?service=&scope=). */
  private async fetchToken(challenge: AuthChallenge, scope: string): Promise<string> {
    const url = new URL(challenge.params.realm!);
    if (challenge.params.service) {
      url.searchParams.set('service', challenge.params.service);
    }
    for (const s of new Set(
      [challenge.params.scope, ...scope.split(' ')].filter((v): v is string => !!v),
    )) {
      url.searchParams.append('scope', s);
    }
    const c = this.credentials;
    const headers: Record<string, string> = {};
    if (c && 'username' in c) {
      headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    const response = await send({ method: 'GET', url, headers }, { timeoutMs: this.timeoutMs });
    const body = await readBody(response, 1024 * 1024);
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError(
        'UNAUTHORIZED',
        `the token service of ${this.host} (${url.origin}) rejected ${this.who}: check the username and password`,
        response.status,
      );
    }
    const parsed = safeJson(body) as { token?: unknown; access_token?: unknown } | null;
    const token = parsed?.token ?? parsed?.access_token;
    if (response.status !== 200 || typeof token !== 'string') {
      throw new RegistryError(
        'UNAUTHORIZED',
        `the token service of ${this.host} (${url.origin}) gave no token (status ${response.status})`,
        response.status,
      );
    }
    return token;
  }
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
