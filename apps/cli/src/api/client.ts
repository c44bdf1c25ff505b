import { ApiError, ConnectionError, statusFromBody } from './api-error.js';

export type Query = Readonly<Record<string, string | undefined>>;

export type RequestOptions = {
  query?: Query;
  /** Sent as JSON unless `contentType` says otherwise. */
  json?: unknown;
  /** A raw body, streamed as it is read (uploads). */
  stream?: AsyncIterable<Uint8Array>;
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
  signal?: AbortSignal;
};

export type ClientOptions = { server: string; token?: string };

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The HTTP adapter to the Kiln API: bearer auth, JSON in and out, Status errors as `ApiError`. */
export class KilnClient {
  readonly server: string;

  constructor(private readonly options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
  }

  url(path: string, query: Query = {}): URL {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        url.searchParams.set(key, value);
      }
    }
    return url;
  }

  /** Sends a request and returns the response once its status is 2xx; throws otherwise. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (this.options.token) {
      headers.authorization = `Bearer ${this.options.token}`;
    }
    let body: string | AsyncIterable<Uint8Array> | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.stream) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.stream;
    }
    const url = this.url(path, options.query);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: options.signal,
        ...(options.stream ? { duplex: 'half' as const } : {}),
      });
    } catch (error) {
      throw this.transportError(error);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new ApiError(
        response.status,
        statusFromBody(text, response.status, response.statusText),
      );
    }
    return response;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, { query });
  }

  /** GET that answers `undefined` for 404 instead of throwing. */
  async getIfExists<T>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) {
        return undefined;
      }
      throw error;
    }
  }

  // fetch wraps every failure in "fetch failed"; the cause says whether the server was
  // unreachable or the upload stream itself broke (git archive failing, a file vanishing).
  // Checked by shape, not instanceof: fetch's errors may come from another realm.
  private transportError(error: unknown): Error {
    if (!isErrorLike(error)) {
      return new Error(String(error));
    }
    if (error.name === 'AbortError') {
      return error;
    }
    const cause = error.cause;
    if (isErrorLike(cause)) {
      if (cause.code && connectionCodes.has(cause.code)) {
        const detail = cause.message || cause.code;
        return new ConnectionError(`cannot reach the Kiln API at ${this.server}: ${detail}`);
      }
      return cause;
    }
    return error;
  }
}

type ErrorLike = Error & { code?: string };

const isErrorLike = (value: unknown): value is ErrorLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { message?: unknown }).message === 'string';
