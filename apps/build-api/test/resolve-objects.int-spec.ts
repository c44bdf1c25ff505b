import { connect, type NatsConnection } from '@nats-io/transport-node';
import { RpcBus, RpcSubjects } from '@kiln/events';
import { startBuildApi, type BuildApiHarness } from './harness.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('ResolveObjects responder', () => {
  let api: BuildApiHarness;
  let worker: NatsConnection;
  let rpc: RpcBus;
  beforeAll(async () => {
    api = await startBuildApi();
    worker = await connect({ servers: api.nats.url, name: 'test-worker' });
    rpc = new RpcBus(worker);
    await api.request('POST', '/api/v1/namespaces/a/secrets', {
      body: {
        metadata: { name: 'git-creds' },
        type: 'kubernetes.io/basic-auth',
        stringData: { username: 'kiln', password: 'p4ss' },
      },
    });
    await api.request('POST', '/api/v1/namespaces/a/configmaps', {
      body: {
        metadata: { name: 'settings' },
        data: { 'app.conf': 'port=8080\n' },
        binaryData: { logo: 'iVBORw0KGgo=' },
      },
    });
  });
  afterAll(async () => {
    await worker.close();
    await api.stop();
  });

  it('answers a worker over NATS with decrypted values, all base64, and the missing ones', async () => {
    const reply = await rpc.request(RpcSubjects.ResolveObjects, {
      namespace: 'a',
      build: 'app-1',
      refs: [
        { kind: 'Secret', name: 'git-creds' },
        { kind: 'ConfigMap', name: 'settings' },
        { kind: 'Secret', name: 'absent' },
      ],
    });
    expect(reply).toEqual({
      objects: [
        {
          kind: 'Secret',
          name: 'git-creds',
          type: 'kubernetes.io/basic-auth',
          data: { username: b64('kiln'), password: b64('p4ss') },
        },
        {
          kind: 'ConfigMap',
          name: 'settings',
          data: { 'app.conf': b64('port=8080\n'), logo: 'iVBORw0KGgo=' },
        },
      ],
      missing: [{ kind: 'Secret', name: 'absent' }],
    });
  });

  it('finds nothing of another namespace', async () => {
    const reply = await rpc.request(RpcSubjects.ResolveObjects, {
      namespace: 'b',
      build: 'app-1',
      refs: [{ kind: 'Secret', name: 'git-creds' }],
    });
    expect(reply).toEqual({ objects: [], missing: [{ kind: 'Secret', name: 'git-creds' }] });
  });

  it('answers an invalid request with a 422 error', async () => {
    const answer = await worker.request(
      RpcSubjects.ResolveObjects,
      JSON.stringify({ namespace: 'a' }),
      {
        timeout: 5000,
      },
    );
    const envelope = JSON.parse(answer.string()) as { ok: boolean; error: { code: number } };
    expect(envelope).toMatchObject({ ok: false, error: { code: 422 } });
    await expect(
      rpc.request(RpcSubjects.ResolveObjects, { namespace: 'a', build: 'x', refs: [] }),
    ).resolves.toEqual({ objects: [], missing: [] });
  });
});
