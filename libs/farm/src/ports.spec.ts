import { readFileSync } from 'node:fs';
import net from 'node:net';
import { findFreePort } from './ports.js';

const ephemeralLow = Number(
  readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
);

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('findFreePort', () => {
  it('hands out distinct ports below the ephemeral range, each free to listen on', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) {
      ports.push(await findFreePort());
    }
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(ephemeralLow);
    }
    const servers = await Promise.all(ports.map(listen));
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('never hands out a port something is listening on', async () => {
    const taken = await listen(await findFreePort());
    const address = taken.address() as net.AddressInfo;
    for (let i = 0; i < 50; i++) {
      expect(await findFreePort()).not.toBe(address.port);
    }
    await new Promise((r) => taken.close(r));
  });
});
