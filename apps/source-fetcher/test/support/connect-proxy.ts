import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export type ConnectProxy = {
  /** `http://127.0.0.1:<port>` (credentials never in it). */
  url: string;
  /** Every tunnel opened, as `host:port`, in order. */
  tunnels: string[];
  stop: () => Promise<void>;
};

/**
 * An HTTP proxy that only tunnels (CONNECT), as https clients use a proxy, behind basic proxy
 * auth. A CONNECT without the right Proxy-Authorization gets a 407 challenge on a connection
 * kept open, as real proxies answer: curl sends its credentials only after the challenge, on the
 * same connection (which node:http, handing the socket over on CONNECT, cannot serve).
 */
export async function startConnectProxy(auth: {
  username: string;
  password: string;
}): Promise<ConnectProxy> {
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = createServer((client) => {
    track(client);
    let pending = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const [requestLine = '', ...headerLines] = pending
          .subarray(0, end)
          .toString('latin1')
          .split('\r\n');
        pending = pending.subarray(end + 4);
        const [method, target = ''] = requestLine.split(' ');
        const authorization = headerLines
          .find((line) => /^proxy-authorization:/i.test(line))
          ?.replace(/^[^:]*:\s*/, '');
        if (method !== 'CONNECT') {
          client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        if (authorization !== expected) {
          client.write(
            'HTTP/1.1 407 Proxy Authentication Required\r\n' +
              'Proxy-Authenticate: Basic realm="kiln-test"\r\nContent-Length: 0\r\n\r\n',
          );
          continue;
        }
        client.off('data', onData);
        tunnel(client, target, pending);
        return;
      }
    };
    client.on('data', onData);
  });

  function tunnel(client: Socket, target: string, head: Buffer): void {
    const colon = target.lastIndexOf(':');
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
      tunnels.push(target);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    stop: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
