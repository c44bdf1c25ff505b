import { RpcBus, RpcFailure, RpcSubjects } from '@kiln/events';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver } from './build-driver.js';

describe('NATS API', () => {
  let api: BuildApiHarness;
  let builds: BuildDriver;
  let rpc: RpcBus;
  /** The error a call answered with. */
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RpcFailure);
    return (error as RpcFailure).error;
  };

  beforeAll(async () => {
    api = await startBuildApi();
    builds = new BuildDriver(api);
    // A platform's own connection, as it would talk to Kiln.
    rpc = new RpcBus(api.bus.connection);
    await builds.createConfig('platform');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('instantiates, reads and cancels a build', async () => {
    const token = api.tokens.editAB;

    const created = await rpc.request(RpcSubjects.ApiInstantiate, {
      token,
      namespace: 'a',
      name: 'platform',
      request: { env: [{ name: 'GREETING', value: 'hi' }] },
    });
    expect(created.metadata.name).toBe('platform-1');
    expect(created.status?.phase).toBe('Pending');

    const read = await rpc.request(RpcSubjects.ApiGetBuild, {
      token,
      namespace: 'a',
      name: 'platform-1',
    });
    expect(read.metadata.uid).toBe(created.metadata.uid);
    expect(read.spec.strategy.dockerStrategy?.env).toEqual([{ name: 'GREETING', value: 'hi' }]);

    const cancelled = await rpc.request(RpcSubjects.ApiCancelBuild, {
      token,
      namespace: 'a',
      name: 'platform-1',
    });
    expect(cancelled.status).toMatchObject({ phase: 'Cancelled', reason: 'CancelledBuild' });

    const list = await rpc.request(RpcSubjects.ApiListBuilds, {
      token: api.tokens.viewA,
      namespace: 'a',
      buildConfig: 'platform',
    });
    expect(list.kind).toBe('BuildList');
    expect(list.items.map((b) => b.metadata.name)).toContain('platform-1');
  });

  it('answers a validation error with its field path, as the REST API does', async () => {
    const error = await failure(
      rpc.request(RpcSubjects.ApiInstantiate, {
        token: api.tokens.admin,
        namespace: 'a',
        name: 'platform',
        request: { env: [{ name: '1bad', value: 'x' }] },
      }),
    );
    const rest = await api.request(
      'POST',
      '/apis/build.openshift.io/v1/namespaces/a/buildconfigs/platform/instantiate',
      {
        body: { env: [{ name: '1bad', value: 'x' }] },
      },
    );
    const status = (await rest.json()) as {
      code: number;
      reason: string;
      message: string;
      details: { causes: { field: string; message: string }[] };
    };

    expect(error).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(error.causes?.map((c) => c.field)).toContain('env[0].name');
    expect(error).toEqual({
      code: status.code,
      reason: status.reason,
      message: status.message,
      causes: status.details.causes.map((c) => ({ field: c.field, message: c.message })),
    });
  });

  it('refuses a token without the role, or of another namespace, with 403', async () => {
    const viewOnly = await failure(
      rpc.request(RpcSubjects.ApiInstantiate, {
        token: api.tokens.viewA,
        namespace: 'a',
        name: 'platform',
      }),
    );
    expect(viewOnly).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'User "view-a" cannot post in the namespace "a"',
    });
    const otherNamespace = await failure(
      rpc.request(RpcSubjects.ApiGetBuild, {
        token: api.tokens.editB,
        namespace: 'a',
        name: 'platform-1',
      }),
    );
    expect(otherNamespace).toMatchObject({ code: 403, reason: 'Forbidden' });
  });

  it('answers 401 to an unknown token and 404 to a missing build', async () => {
    const unknown = await failure(
      rpc.request(RpcSubjects.ApiGetBuild, { token: 'nope', namespace: 'a', name: 'platform-1' }),
    );
    expect(unknown).toMatchObject({ code: 401, reason: 'Unauthorized' });
    const missing = await failure(
      rpc.request(RpcSubjects.ApiGetBuild, {
        token: api.tokens.admin,
        namespace: 'a',
        name: 'platform-99',
      }),
    );
    expect(missing).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'builds.build.openshift.io "platform-99" not found',
    });
  });
});
