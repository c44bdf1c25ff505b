import { execFileSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FetcherHarness } from './support/fetcher-harness.js';

describe('the source-fetcher, against a git server that never answers', () => {
  let fetcher: FetcherHarness;
  let server: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fetcher = await FetcherHarness.start({ KILN_CLONE_TIMEOUT_SECONDS: '2' });
    server = createServer((socket) => sockets.push(socket)); // accepts, then says nothing
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
    await fetcher.stop();
  });

  it('stops the clone at KILN_CLONE_TIMEOUT_SECONDS, git and its children with it', async () => {
    const uri = `git://127.0.0.1:${(server.address() as AddressInfo).port}/stuck`;

    const result = await fetcher.fetch({ source: { git: { uri } } });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: `cloning ${uri}: the clone did not finish within 2 seconds (KILN_CLONE_TIMEOUT_SECONDS)`,
    });
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(uri));
    expect(left).toEqual([]);
  });
});
