import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Asks the kernel for a free loopback port, so that test runs can go side by side. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(
  port: number,
  timeoutMs: number,
  host = '127.0.0.1',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(port, host)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
}

/**
 * Names the process listening on a TCP port ("nginx (pid 123)"), for the error a user sees
 * when a port the farm wants is taken. Best effort: `ss` may be missing or not show the owner.
 */
export async function describePortHolder(port: number): Promise<string> {
  try {
    const { stdout } = await run('ss', ['-Hltnp', `sport = :${port}`]);
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(stdout);
    if (match) {
      return `${match[1]} (pid ${match[2]})`;
    }
    return stdout.trim() ? 'an unknown process' : 'nothing';
  } catch {
    return 'an unknown process';
  }
}
