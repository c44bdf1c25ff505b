import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type GitHttp = { url: (repo: string) => string; stop: () => Promise<void> };

/**
 * Smart-HTTP git behind basic auth: node:http in front of `git http-backend` (a CGI program)
 * serving the repositories below `root`. A request without the right credentials gets the
 * 401 challenge a git host sends, so git retries with the credentials it was given.
 */
export async function startGitHttp(
  root: string,
  auth: { username: string; password: string },
): Promise<GitHttp> {
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="reliability"' }).end();
      return;
    }
    serveCgi(root, auth.username, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (repo) => `http://127.0.0.1:${port}/${repo}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs http-backend for one request: CGI env in, CGI headers and body out. */
function serveCgi(root: string, user: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://git');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: '/nonexistent',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(cgi.stdin);
  let pending: Buffer | undefined = Buffer.alloc(0);
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (!pending) {
      res.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) {
      return;
    }
    let status = 200;
    for (const line of pending.subarray(0, end).toString('latin1').split('\r\n')) {
      const [name = '', ...rest] = line.split(':');
      if (name.toLowerCase() === 'status') {
        status = Number.parseInt(rest.join(':').trim(), 10);
      } else if (name) {
        res.setHeader(name.trim(), rest.join(':').trim());
      }
    }
    res.writeHead(status);
    res.write(pending.subarray(end + 4));
    pending = undefined;
  });
  cgi.on('close', () => res.end());
}
