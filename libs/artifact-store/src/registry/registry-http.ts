import { parseChallenge } from './auth-challenge.js';
import {
  drain,
  header,
  readBody,
  send,
  type HttpRequest,
  type HttpResponse,
} from './http-transport.js';
import { RegistryAuth, type RegistryCredentials } from './registry-auth.js';
import { RegistryError, redact, type RegistryErrorCode } from './registry-error.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  isTransientNetworkError,
  isTransientStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';

export type RegistryClientOptions = {
  /** `host:port` of the registry, e.g. `127.0.0.1:5000`. */
  host: string;
  credentials?: RegistryCredentials;
  /** true: plain HTTP; false: HTTPS; unset: plain HTTP on loopback only. */
  insecure?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Per-request socket timeout (default 60 s). */
  requestTimeoutMs?: number;
};

export type Call = Omit<HttpRequest, 'url'> & {
  /** Path and query under the registry root, e.g. `/v2/a/b/blobs/sha256:...`. */
  path: string;
  /** Token scope, e.g. `repository:a/b:pull,push`. */
  scope: string;
  /** What we were doing, for messages: `pushing blob sha256:… to a/b`. */
  what: string;
  repo?: string;
};

const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/**
 * Registry HTTP with auth, retries within a time budget, and errors mapped to RegistryError.
 * Statuses that are not failures (200, 201, 202, 404 on HEAD...) are returned for the caller.
 */
export class RegistryHttp {
  readonly baseUrl: string;
  readonly auth: RegistryAuth;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(readonly options: RegistryClientOptions) {
    const plain = options.insecure ?? loopback.test(options.host);
    this.baseUrl = `${plain ? 'http' : 'https'}://${options.host}`;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
    this.auth = new RegistryAuth(options.host, options.credentials, this.timeoutMs);
  }

  get host(): string {
    return this.options.host;
  }

  url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  /** Sends a call, retrying transient failures; throws RegistryError for 401/403 and exhausted retries. */
  async call(call: Call): Promise<HttpResponse> {
    const deadline = Date.now() + this.policy.budgetMs;
    let answeredChallenge = false;
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      let retryAfter: number | undefined;
      try {
        const sentWith = this.auth.headerFor(call.scope);
        const response = await this.sendOnce(call);
        if (response.status === 401) {
          const challenge = parseChallenge(header(response, 'www-authenticate'));
          drain(response);
          // A concurrent call may have answered the challenge while this one was in flight.
          const newer = this.auth.headerFor(call.scope) !== sentWith;
          if (!answeredChallenge && (newer || (await this.auth.answer(challenge, call.scope)))) {
            answeredChallenge = true;
            attempt -= 1; // answering a challenge is not a failure
            continue;
          }
          throw this.error(
            'UNAUTHORIZED',
            `registry ${this.host} rejected ${this.auth.who} while ${call.what}: check the username and password (or token)`,
            401,
          );
        }
        if (response.status === 403) {
          drain(response);
          throw this.error(
            'DENIED',
            `registry ${this.host} denied ${this.auth.who} while ${call.what}: the account lacks permission on ${call.repo ?? 'this repository'}`,
            403,
          );
        }
        if (!isTransientStatus(response.status)) {
          return response;
        }
        const detail = await this.registryMessage(response);
        failure = `it answered ${response.status}${detail ? ` (${detail})` : ''}`;
        retryAfter =
          response.status === 429 ? parseRetryAfter(header(response, 'retry-after')) : undefined;
      } catch (error) {
        if (error instanceof RegistryError || !isTransientNetworkError(error)) {
          throw error instanceof RegistryError
            ? error
            : this.error(
                'UNKNOWN',
                `${call.what} at ${this.host} failed: ${(error as Error).message}`,
              );
        }
        failure = `${(error as NodeJS.ErrnoException).code ?? 'network error'}`;
      }
      const delay = Math.max(retryAfter ?? 0, backoffDelay(this.policy, attempt));
      if (Date.now() + delay > deadline) {
        const seconds = Math.round(this.policy.budgetMs / 100) / 10;
        throw this.error(
          'UNREACHABLE',
          `registry ${this.host} could not be used while ${call.what}: ${failure}, still after ${attempt + 1} attempts over ${seconds} s; check that it is running and reachable`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** A RegistryError for an unexpected status, from the registry's own error document. */
  async fail(
    response: HttpResponse,
    call: Call,
    fallback: RegistryErrorCode = 'UNKNOWN',
  ): Promise<never> {
    const body =
      response.status === 404 || response.status >= 400 ? await this.errorCodes(response) : [];
    throw this.refused(response.status, body, call, fallback);
  }

  /** The RegistryError for a status and the error document already read from its body. */
  refused(
    status: number,
    errors: RegistryErrorEntry[],
    call: Call,
    fallback: RegistryErrorCode = 'UNKNOWN',
  ): RegistryError {
    const first = errors[0];
    const code = mapCode(first?.code, fallback);
    const detail = first?.message ? `: ${first.message}` : '';
    return this.error(
      code,
      `registry ${this.host} refused ${call.what} (${status} ${first?.code ?? ''}${detail})`.replace(
        ' )',
        ')',
      ),
      status,
    );
  }

  error(code: RegistryErrorCode, message: string, status?: number): RegistryError {
    return new RegistryError(code, redact(message, this.auth.secrets), status);
  }

  private sendOnce(call: Call): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...call.headers };
    const authorization = this.auth.headerFor(call.scope);
    if (authorization) {
      headers.authorization = authorization;
    }
    return send(
      { method: call.method, url: this.url(call.path), headers, body: call.body },
      { timeoutMs: this.timeoutMs },
    );
  }

  /** The registry's error document (`errors[]`), read from the response body. */
  async errorCodes(response: HttpResponse): Promise<RegistryErrorEntry[]> {
    try {
      const parsed = JSON.parse((await readBody(response, 64 * 1024)).toString('utf8')) as {
        errors?: { code?: string; message?: string }[];
      };
      return Array.isArray(parsed.errors) ? parsed.errors : [];
    } catch {
      return [];
    }
  }

  private async registryMessage(response: HttpResponse): Promise<string> {
    const [first] = await this.errorCodes(response);
    return redact(first?.message ?? '', this.auth.secrets);
  }
}

/** One entry of a registry's `errors` document. */
export type RegistryErrorEntry = { code?: string; message?: string };

function mapCode(code: string | undefined, fallback: RegistryErrorCode): RegistryErrorCode {
  switch (code ?? '') {
    case 'NAME_UNKNOWN':
    case 'NAME_INVALID':
    case 'MANIFEST_UNKNOWN': // no code of its own in our list: "nothing by that name"
      return 'NAME_UNKNOWN';
    case 'BLOB_UNKNOWN':
    case 'MANIFEST_BLOB_UNKNOWN':
    case 'BLOB_UPLOAD_UNKNOWN':
      return code === 'BLOB_UPLOAD_UNKNOWN' ? 'UNKNOWN' : 'BLOB_UNKNOWN';
    case 'MANIFEST_INVALID':
    case 'MANIFEST_UNVERIFIED':
    case 'TAG_INVALID':
      return 'MANIFEST_INVALID';
    case 'DIGEST_INVALID':
    case 'SIZE_INVALID':
      return 'DIGEST_MISMATCH';
    case 'UNAUTHORIZED':
      return 'UNAUTHORIZED';
    case 'DENIED':
      return 'DENIED';
    default:
      return fallback;
  }
}
