import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A free loopback port for a server started later, so that test runs can go side by side.
 *
 * The port is drawn below the kernel's ephemeral range: a port the kernel hands out for
 * `listen(0)` is also one it hands out as the local end of outgoing connections, and on a busy
 * machine such a connection took a port between the moment it was found free and the moment
 * the server meant for it started (EADDRINUSE at start-up).
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const [ephemeralLow] = ephemeralPortRange();
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow) - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) {
      continue;
    }
    if (await canListen(port, host)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelChosenPort(host);
}

/** Ports this process already gave out: two parts of one farm never get the same port. */
const handedOut = new Set<number>();

function ephemeralPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) {
      return [low, high];
    }
  } catch {
    // not Linux: the IANA default range
  }
  return [49_152, 65_535];
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function kernelChosenPort(host: string): Promise<number> {
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
