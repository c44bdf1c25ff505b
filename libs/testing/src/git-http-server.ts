import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type GitHttpServer = {
  /** `http://127.0.0.1:<port>/<repo>` (credentials never in it). */
  url: (repo: string) => string;
  port: number;
  /** Authorization headers the server was sent, for tests that check what reached it. */
  seenAuthorizations: string[];
  stop: () => Promise<void>;
};

/**
 * Smart HTTP(S) git for tests: `git http-backend` run as a CGI program under node:http, serving
 * every repository below projectRoot, behind basic auth when `auth` is given (401 with a
 * Basic challenge otherwise, as real git hosts answer).
 */
export async function startGitHttpServer(
  projectRoot: string,
  auth?: { username: string; password: string },
  tls?: { key: string; cert: string },
  /** Called on every request, while the client waits: to look at the client's side mid-clone. */
  onRequest?: () => void,
): Promise<GitHttpServer> {
  const seenAuthorizations: string[] = [];
  const expected = auth
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    : undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    onRequest?.();
    const given = req.headers.authorization;
    if (given) {
      seenAuthorizations.push(given);
    }
    if (expected && given !== expected) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="kiln-test"' }).end('denied\n');
      return;
    }
    runBackend(projectRoot, req, res, auth?.username);
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (repo) => `${tls ? 'https' : 'http'}://127.0.0.1:${port}/${repo}`,
    seenAuthorizations,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function runBackend(
  projectRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
  user: string | undefined,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: '/nonexistent',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_ADDR: '127.0.0.1',
      ...(user ? { REMOTE_USER: user } : {}),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      return;
    }
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        status = Number(value.split(' ')[0]);
      } else if (name) {
        res.setHeader(name, value);
      }
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => res.end());
}
