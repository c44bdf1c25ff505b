import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake API received, body read in full. */
export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
};

export type Reply = { status?: number; json?: unknown; text?: string; contentType?: string };

/** A handler answers with a Reply, or writes to `res` itself (streams) and returns nothing. */
export type Handler = (
  request: RecordedRequest,
  res: ServerResponse,
) => Reply | undefined | Promise<Reply | undefined>;

type Route = { method: string; path: string | RegExp; handler: Handler };

const notFound = (path: string): Reply => ({
  status: 404,
  json: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
    message: `the fake API has no route for ${path}`,
  },
});

/** A Kubernetes-style status body for errors. */
export function statusReply(
  code: number,
  reason: string,
  message: string,
  causes?: object[],
): Reply {
  return {
    status: code,
    json: {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason,
      code,
      message,
      ...(causes ? { details: { causes } } : {}),
    },
  };
}

/** A local HTTP server on port 0 standing in for build-api; records every request. */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeApi> {
    const server = createServer();
    const api = new FakeApi(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const body = Buffer.concat(chunks);
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          text: body.toString('utf8'),
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        };
        api.requests.push(recorded);
        void api.answer(recorded, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Registers a route; a later registration for the same request wins. */
  on(method: string, path: string | RegExp, handler: Handler | Reply): this {
    this.routes.unshift({
      method,
      path,
      handler: typeof handler === 'function' ? handler : () => handler,
    });
    return this;
  }

  /** The requests with this method (and path, when given). */
  received(method: string, path?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (path === undefined || r.path === path),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const route = this.routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === 'string' ? r.path === request.path : r.path.test(request.path)),
    );
    try {
      const reply = route ? await route.handler(request, res) : notFound(request.path);
      if (!reply) {
        return;
      }
      const isText = reply.text !== undefined;
      res.writeHead(reply.status ?? 200, {
        'content-type': reply.contentType ?? (isText ? 'text/plain' : 'application/json'),
      });
      res.end(isText ? reply.text : JSON.stringify(reply.json ?? {}));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  }
}
