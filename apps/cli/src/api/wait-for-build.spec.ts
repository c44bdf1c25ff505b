import type { ServerResponse } from 'node:http';
import { aBuildIn, buildPath } from '../testing/factories.js';
import { FakeApi } from '../testing/fake-api.js';
import { KilnClient } from './client.js';
import { waitForBuild } from './wait-for-build.js';

describe('waitForBuild', () => {
  let api: FakeApi;
  let client: KilnClient;
  const noSleep = () => Promise.resolve();

  beforeEach(async () => {
    api = await FakeApi.start();
    client = new KilnClient({ server: api.url });
  });

  afterEach(() => api.stop());

  it('returns at once for a build that has already ended', async () => {
    api.on('GET', buildPath('demo', 'b-1'), { json: aBuildIn('Failed', 'b-1') });

    const build = await waitForBuild(client, 'demo', 'b-1', noSleep);

    expect(build.status?.phase).toBe('Failed');
    expect(api.requests).toHaveLength(1);
  });

  it('reads the build again after an expired watch (ERROR 410)', async () => {
    let gets = 0;
    api.on('GET', buildPath('demo', 'b-1'), () => {
      gets++;
      return { json: aBuildIn(gets === 1 ? 'Running' : 'Complete', 'b-1') };
    });
    api.on('GET', buildPath('demo'), (_req, res: ServerResponse) => {
      res.writeHead(200);
      res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410 } })}\n`);
      return undefined;
    });

    const build = await waitForBuild(client, 'demo', 'b-1', noSleep);

    expect(build.status?.phase).toBe('Complete');
    expect(gets).toBe(2);
  });

  it('fails when the build is deleted meanwhile', async () => {
    api.on('GET', buildPath('demo', 'b-1'), { json: aBuildIn('Running', 'b-1') });
    api.on('GET', buildPath('demo'), (_req, res: ServerResponse) => {
      res.writeHead(200);
      res.end(`${JSON.stringify({ type: 'DELETED', object: aBuildIn('Running', 'b-1') })}\n`);
      return undefined;
    });

    await expect(waitForBuild(client, 'demo', 'b-1', noSleep)).rejects.toThrow(
      'build demo/b-1 was deleted while waiting for it',
    );
  });
});
