import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** One request that went through the proxy, with the registry's answer when there was one. */
export type ProxiedRequest = {
  method: string;
  path: string;
  status?: number;
  /** Docker-Content-Digest of the answer (the manifest's digest on a manifest PUT). */
  digest?: string;
};

type Hold = { match: (req: IncomingMessage) => boolean; arrived: () => void };

/**
 * An HTTP proxy in front of a registry that records every request, can hold one (never
 * forwarding it: the client waits mid-push), and can go down and come back on the same port.
 * The Host header is passed through, so the registry's upload URLs point back at the proxy.
 */
export class RegistryProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly holds: Hold[] = [];
  private server: Server;

  private constructor(
    private readonly upstreamPort: number,
    private port = 0,
  ) {
    this.server = this.makeServer();
  }

  static async start(upstreamHost: string): Promise<RegistryProxy> {
    const proxy = new RegistryProxy(Number(upstreamHost.split(':')[1]));
    await proxy.up();
    return proxy;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Successful manifest writes: which repository, under which reference, which digest. */
  manifestPuts(): { repository: string; reference: string; digest: string }[] {
    return this.requests.flatMap((r) => {
      const match = /^\/v2\/(.+)\/manifests\/([^/?]+)/.exec(r.path);
      return r.method === 'PUT' && match && r.status === 201
        ? [{ repository: match[1] ?? '', reference: match[2] ?? '', digest: r.digest ?? '' }]
        : [];
    });
  }

  /** Resolves when a request matching `match` arrives; that request is held, not forwarded. */
  holdNext(match: (req: IncomingMessage) => boolean): Promise<void> {
    return new Promise((arrived) => this.holds.push({ match, arrived }));
  }

  /** Refuses connections from now on and cuts those open (the registry is down). */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await closed;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    this.server = this.makeServer();
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
  }

  async stop(): Promise<void> {
    if (this.server.listening) {
      await this.down();
    }
  }

  private makeServer(): Server {
    const server = createServer((req, res) => {
      const entry: ProxiedRequest = { method: req.method ?? '', path: req.url ?? '' };
      this.requests.push(entry);
      const hold = this.holds.find((h) => h.match(req));
      if (hold) {
        this.holds.splice(this.holds.indexOf(hold), 1);
        hold.arrived();
        return;
      }
      const upstream = request(
        {
          host: '127.0.0.1',
          port: this.upstreamPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          entry.status = answer.statusCode;
          const digest = answer.headers['docker-content-digest'];
          entry.digest = Array.isArray(digest) ? digest[0] : digest;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }
}
