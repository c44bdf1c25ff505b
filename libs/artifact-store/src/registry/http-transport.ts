import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type HttpRequest = {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  /** Always a buffer: a request that may be retried must be able to send its body again. */
  body?: Buffer;
};
export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: IncomingMessage };

/** One HTTP exchange with node:http(s); the response body is left for the caller to read or drain. */
export function send(req: HttpRequest, options: { timeoutMs: number }): Promise<HttpResponse> {
  const requestFn = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body) {
    headers['content-length'] = String(req.body.length);
  } else if (['PUT', 'POST', 'PATCH'].includes(req.method)) {
    headers['content-length'] = '0';
  }
  return new Promise((resolve, reject) => {
    const outgoing = requestFn(
      req.url,
      { method: req.method, headers, timeout: options.timeoutMs },
      (response) => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Reads a small response body (error documents, manifests, tokens) up to a limit. */
export async function readBody(response: HttpResponse, limit = 4 * 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      response.body.destroy();
      throw new Error(`response body over ${limit} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** Discards a body we do not need, so the socket can be reused. */
export function drain(response: HttpResponse): void {
  response.body.resume();
}

export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
