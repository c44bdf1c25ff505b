import type { Build, BuildConfig } from '@kiln/build-types';
import { BuildLogWriter, RpcBus, RpcFailure, RpcSubjects, type RpcError } from '@kiln/events';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver } from './build-driver.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';

type RestStatus = {
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string; message: string }[] };
};

/** A REST error response as the NATS API carries an error, to compare the two. */
async function asRpcError(response: Response): Promise<RpcError> {
  const status = (await response.json()) as RestStatus;
  const causes = status.details?.causes?.map((c) => ({ field: c.field, message: c.message }));
  return {
    code: status.code,
    reason: status.reason,
    message: status.message,
    ...(causes ? { causes } : {}),
  };
}

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

  describe('BuildConfigs', () => {
    /** An edit token's call in namespace a. */
    const inA = () => ({ token: api.tokens.editAB, namespace: 'a' });

    it('creates, reads, replaces and deletes a BuildConfig as REST stores it', async () => {
      const created = await rpc.request(RpcSubjects.ApiCreateBuildConfig, {
        ...inA(),
        buildConfig: aBuildConfig('crud', {}, { labels: { team: 'one' } }),
      });
      expect(created.metadata).toMatchObject({ name: 'crud', namespace: 'a' });
      expect(created.metadata.uid).toBeTruthy();
      const rest = (await (await api.request('GET', bcPath('a', 'crud'))).json()) as BuildConfig;
      expect(created).toEqual(rest);

      const read = await rpc.request(RpcSubjects.ApiGetBuildConfig, { ...inA(), name: 'crud' });
      expect(read).toEqual(rest);

      const replaced = await rpc.request(RpcSubjects.ApiReplaceBuildConfig, {
        ...inA(),
        name: 'crud',
        buildConfig: { ...read, spec: { ...read.spec, runPolicy: 'Parallel' } },
      });
      expect(replaced.spec.runPolicy).toBe('Parallel');
      expect(replaced.metadata.resourceVersion).not.toBe(read.metadata.resourceVersion);

      const deleted = await rpc.request(RpcSubjects.ApiDeleteBuildConfig, {
        ...inA(),
        name: 'crud',
      });
      expect(deleted).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'crud', kind: 'buildconfigs' },
      });
      expect(
        await failure(rpc.request(RpcSubjects.ApiGetBuildConfig, { ...inA(), name: 'crud' })),
      ).toEqual({
        code: 404,
        reason: 'NotFound',
        message: 'buildconfigs.build.openshift.io "crud" not found',
      });
    });

    it('answers a replace from a stale resourceVersion with the Conflict REST answers', async () => {
      const created = await rpc.request(RpcSubjects.ApiCreateBuildConfig, {
        ...inA(),
        buildConfig: aBuildConfig('raced'),
      });
      const labelled = (labels: Record<string, string>) => ({
        ...created,
        metadata: { ...created.metadata, labels },
      });
      await rpc.request(RpcSubjects.ApiReplaceBuildConfig, {
        ...inA(),
        name: 'raced',
        buildConfig: labelled({ first: 'yes' }),
      });

      const stale = await failure(
        rpc.request(RpcSubjects.ApiReplaceBuildConfig, {
          ...inA(),
          name: 'raced',
          buildConfig: labelled({ second: 'yes' }),
        }),
      );
      expect(stale).toMatchObject({ code: 409, reason: 'Conflict' });
      expect(stale).toEqual(
        await asRpcError(
          await api.request('PUT', bcPath('a', 'raced'), { body: labelled({ second: 'yes' }) }),
        ),
      );
      const kept = await rpc.request(RpcSubjects.ApiGetBuildConfig, { ...inA(), name: 'raced' });
      expect(kept.metadata.labels).toEqual({ first: 'yes' });
    });

    it.each([
      [
        'a bad env name (a rule)',
        aBuildConfig('bad-env', {
          strategy: { type: 'Docker', dockerStrategy: { env: [{ name: '1bad', value: 'x' }] } },
        }),
      ],
      ['an unknown run policy (a type)', aBuildConfig('bad-policy', { runPolicy: 'Sometimes' })],
      ['no spec at all', { kind: 'BuildConfig', metadata: { name: 'no-spec' } }],
    ])('refuses %s with the Status REST answers for the same body', async (_what, body) => {
      const error = await failure(
        rpc.request(RpcSubjects.ApiCreateBuildConfig, { ...inA(), buildConfig: body }),
      );
      expect(error).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(error.causes?.length).toBeGreaterThan(0);
      expect(error).toEqual(await asRpcError(await api.request('POST', bcPath('a'), { body })));
    });

    it('lists a page at a time with a label selector, as REST does', async () => {
      for (const name of ['listed-1', 'listed-2', 'listed-3']) {
        await rpc.request(RpcSubjects.ApiCreateBuildConfig, {
          ...inA(),
          buildConfig: aBuildConfig(name, {}, { labels: { team: 'listed' } }),
        });
      }
      const labelSelector = 'team in (listed,other)';
      const first = await rpc.request(RpcSubjects.ApiListBuildConfigs, {
        token: api.tokens.viewA,
        namespace: 'a',
        labelSelector,
        limit: 2,
      });
      expect(first.kind).toBe('BuildConfigList');
      expect(first.items.map((bc) => bc.metadata.name)).toEqual(['listed-1', 'listed-2']);
      expect(first.items[0]).toMatchObject({
        kind: 'BuildConfig',
        apiVersion: 'build.openshift.io/v1',
      });
      expect(first.metadata.continue).toBeTruthy();

      const second = await rpc.request(RpcSubjects.ApiListBuildConfigs, {
        token: api.tokens.viewA,
        namespace: 'a',
        labelSelector,
        limit: 2,
        continue: first.metadata.continue ?? '',
      });
      expect(second.items.map((bc) => bc.metadata.name)).toEqual(['listed-3']);
      expect(second.metadata.continue).toBeUndefined();
      // A continue token of either API serves the other: they page the same way.
      const rest = await api.request(
        'GET',
        `${bcPath('a')}?labelSelector=${encodeURIComponent(labelSelector)}&limit=2&continue=${first.metadata.continue}`,
      );
      expect(((await rest.json()) as { items: BuildConfig[] }).items).toEqual(second.items);

      const badSelector = await failure(
        rpc.request(RpcSubjects.ApiListBuildConfigs, { ...inA(), labelSelector: 'team in (' }),
      );
      expect(badSelector).toEqual(
        await asRpcError(await api.request('GET', `${bcPath('a')}?labelSelector=team%20in%20(`)),
      );
    });

    it('deletes a BuildConfig and its builds, or with Orphan keeps the builds', async () => {
      for (const name of ['orphaning', 'cascading']) {
        await rpc.request(RpcSubjects.ApiCreateBuildConfig, {
          ...inA(),
          buildConfig: aBuildConfig(name),
        });
        await rpc.request(RpcSubjects.ApiInstantiate, { ...inA(), name });
      }

      await rpc.request(RpcSubjects.ApiDeleteBuildConfig, {
        ...inA(),
        name: 'orphaning',
        propagationPolicy: 'Orphan',
      });
      const orphan = await rpc.request(RpcSubjects.ApiGetBuild, { ...inA(), name: 'orphaning-1' });
      expect(orphan.metadata.ownerReferences ?? []).toEqual([]);

      await rpc.request(RpcSubjects.ApiDeleteBuildConfig, { ...inA(), name: 'cascading' });
      expect(
        await failure(rpc.request(RpcSubjects.ApiGetBuild, { ...inA(), name: 'cascading-1' })),
      ).toMatchObject({ code: 404 });

      const badPolicy = await failure(
        rpc.request(RpcSubjects.ApiDeleteBuildConfig, {
          ...inA(),
          name: 'listed-1',
          propagationPolicy: 'Sometimes',
        }),
      );
      expect(badPolicy).toEqual(
        await asRpcError(
          await api.request('DELETE', `${bcPath('a', 'listed-1')}?propagationPolicy=Sometimes`),
        ),
      );
      expect(badPolicy).toMatchObject({ code: 422, causes: [{ field: 'propagationPolicy' }] });
    });

    it('refuses a view token to create, and a token of namespace a to read in b', async () => {
      const viewOnly = await failure(
        rpc.request(RpcSubjects.ApiCreateBuildConfig, {
          token: api.tokens.viewA,
          namespace: 'a',
          buildConfig: aBuildConfig('viewed'),
        }),
      );
      expect(viewOnly).toEqual({
        code: 403,
        reason: 'Forbidden',
        message: 'User "view-a" cannot post in the namespace "a"',
      });

      expect(
        (await api.request('POST', bcPath('b'), { body: aBuildConfig('private') })).status,
      ).toBe(201);
      const inB = { token: api.tokens.viewA, namespace: 'b' };
      const forbidden = {
        code: 403,
        reason: 'Forbidden',
        message: 'User "view-a" cannot get in the namespace "b"',
      };
      expect(
        await failure(rpc.request(RpcSubjects.ApiGetBuildConfig, { ...inB, name: 'private' })),
      ).toEqual(forbidden);
      expect(await failure(rpc.request(RpcSubjects.ApiListBuildConfigs, inB))).toEqual(forbidden);
      expect(
        await failure(rpc.request(RpcSubjects.ApiGetBuildLog, { ...inB, name: 'private-1' })),
      ).toEqual(forbidden);
    });
  });

  describe('builds', () => {
    let build: Build;
    const lines = ['one', 'two', 'three', 'four'];
    beforeAll(async () => {
      await builds.createConfig('logged');
      build = await builds.instantiate('logged');
      const { namespace, name, uid } = build.metadata;
      const writer = new BuildLogWriter(
        api.bus.js,
        { namespace: namespace ?? '', name: name ?? '', uid: uid ?? '' },
        'Build',
      );
      lines.forEach((line) => writer.line(line));
      await writer.flush();
    });

    it('clones a build into the next build of its BuildConfig', async () => {
      const clone = await rpc.request(RpcSubjects.ApiCloneBuild, {
        token: api.tokens.editAB,
        namespace: 'a',
        name: 'logged-1',
        request: { env: [{ name: 'AGAIN', value: 'yes' }] },
      });
      expect(clone.metadata.name).toBe('logged-2');
      expect(clone.status?.config?.name).toBe('logged');
      expect(clone.spec.source).toEqual(build.spec.source);
      expect(clone.spec.strategy.dockerStrategy?.env).toEqual([{ name: 'AGAIN', value: 'yes' }]);

      const viewOnly = await failure(
        rpc.request(RpcSubjects.ApiCloneBuild, {
          token: api.tokens.viewA,
          namespace: 'a',
          name: 'logged-1',
        }),
      );
      expect(viewOnly).toMatchObject({ code: 403, reason: 'Forbidden' });
    });

    it.each([
      [{}, ''],
      [{ tailLines: 2 }, '?tailLines=2'],
      [{ limitBytes: 6 }, '?limitBytes=6'],
      [{ tailLines: 3, limitBytes: 7 }, '?tailLines=3&limitBytes=7'],
    ])('reads the log with %j as the REST route does', async (options, query) => {
      const { log } = await rpc.request(RpcSubjects.ApiGetBuildLog, {
        token: api.tokens.viewA,
        namespace: 'a',
        name: 'logged-1',
        ...options,
      });
      const rest = await api.request('GET', `${buildPath('a', 'logged-1')}/log${query}`);
      expect(log).toBe(await rest.text());
      expect(log.length).toBeGreaterThan(0);
    });

    it('refuses log options as the REST route does, naming the field', async () => {
      const error = await failure(
        rpc.request(RpcSubjects.ApiGetBuildLog, {
          token: api.tokens.viewA,
          namespace: 'a',
          name: 'logged-1',
          tailLines: -1,
        }),
      );
      expect(error).toMatchObject({ code: 422, causes: [{ field: 'tailLines' }] });
      expect(error).toEqual(
        await asRpcError(
          await api.request('GET', `${buildPath('a', 'logged-1')}/log?tailLines=-1`),
        ),
      );
    });

    it('refuses a log larger than one NATS message, and goes on answering', async () => {
      await builds.createConfig('verbose');
      const verbose = await builds.instantiate('verbose');
      const { namespace, name, uid } = verbose.metadata;
      const writer = new BuildLogWriter(
        api.bus.js,
        { namespace: namespace ?? '', name: name ?? '', uid: uid ?? '' },
        'Build',
      );
      const maxPayload = api.bus.connection.info?.max_payload ?? 0;
      const line = 'x'.repeat(8000);
      for (let i = 0; i * line.length < maxPayload + line.length; i++) {
        writer.line(line);
      }
      await writer.flush();
      const read = { token: api.tokens.viewA, namespace: 'a', name: 'verbose-1' };

      const tooLarge = await failure(rpc.request(RpcSubjects.ApiGetBuildLog, read));
      expect(tooLarge).toMatchObject({ code: 400, reason: 'BadRequest' });
      expect(tooLarge.message).toContain('tailLines or limitBytes');

      const { log } = await rpc.request(RpcSubjects.ApiGetBuildLog, { ...read, tailLines: 1 });
      expect(log).toBe(`${line}\n`);
    });
  });
});
