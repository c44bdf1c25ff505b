import { startBuildApi, type BuildApiHarness } from './harness.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';

type Status = {
  kind: string;
  code: number;
  reason: string;
  details?: { causes?: { field: string }[] };
};

describe('BuildConfigs API', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('creates a BuildConfig, keeps unknown fields, and reads it back', async () => {
    const bc = aBuildConfig('keep', { somethingNew: { x: 1 } });
    const created = await api.request('POST', bcPath('a'), { body: bc });
    expect(created.status).toBe(201);
    const read = (await (await api.request('GET', bcPath('a', 'keep'))).json()) as {
      spec: Record<string, unknown>;
      metadata: { resourceVersion: string };
    };
    expect(read.spec.somethingNew).toEqual({ x: 1 });
    expect(read.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('answers 422 with the field path of an invalid env name', async () => {
    const bc = aBuildConfig('bad-env', {
      strategy: { type: 'Docker', dockerStrategy: { env: [{ name: '1bad', value: 'x' }] } },
    });
    const response = await api.request('POST', bcPath('a'), { body: bc });
    const status = (await response.json()) as Status;
    expect(response.status).toBe(422);
    expect(status.kind).toBe('Status');
    expect(status.details?.causes?.map((c) => c.field)).toContain(
      'spec.strategy.dockerStrategy.env[0].name',
    );
  });

  it('refuses an object of another kind with 400 and stores nothing', async () => {
    const response = await api.request('POST', bcPath('a'), {
      body: { ...aBuildConfig('wrong-kind'), kind: 'Build' },
    });
    expect(response.status).toBe(400);
    expect((await api.request('GET', bcPath('a', 'wrong-kind'))).status).toBe(404);
  });

  it('accepts YAML bodies', async () => {
    const yaml = [
      'apiVersion: build.openshift.io/v1',
      'kind: BuildConfig',
      'metadata: {name: from-yaml}',
      'spec:',
      '  source: {dockerfile: "FROM scratch"}',
      '  strategy: {type: Docker, dockerStrategy: {}}',
    ].join('\n');
    const response = await api.request('POST', bcPath('a'), {
      body: yaml,
      contentType: 'application/yaml',
    });
    expect(response.status).toBe(201);
  });

  it('answers 409 to an update with a stale resourceVersion', async () => {
    await api.request('POST', bcPath('a'), { body: aBuildConfig('stale') });
    const current = (await (await api.request('GET', bcPath('a', 'stale'))).json()) as {
      metadata: { resourceVersion: string };
    };
    const first = await api.request('PUT', bcPath('a', 'stale'), { body: current });
    expect(first.status).toBe(200);
    const second = await api.request('PUT', bcPath('a', 'stale'), { body: current });
    expect(second.status).toBe(409);
  });

  it('numbers builds without gaps under concurrent instantiates', async () => {
    await api.request('POST', bcPath('a'), {
      body: aBuildConfig('numbered', { runPolicy: 'Parallel' }),
    });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.request('POST', `${bcPath('a', 'numbered')}/instantiate`, {
          body: {
            kind: 'BuildRequest',
            apiVersion: 'build.openshift.io/v1',
            metadata: { name: 'numbered' },
          },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    const names = await Promise.all(
      responses.map(
        async (r) => ((await r.json()) as { metadata: { name: string } }).metadata.name,
      ),
    );
    expect(names.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `numbered-${i + 1}`).sort());
  });

  describe('authorization', () => {
    it('refuses a view token to instantiate with 403', async () => {
      await api.request('POST', bcPath('a'), { body: aBuildConfig('guarded') });
      const response = await api.request('POST', `${bcPath('a', 'guarded')}/instantiate`, {
        body: { kind: 'BuildRequest', metadata: { name: 'guarded' } },
        token: api.tokens.viewA,
      });
      expect(response.status).toBe(403);
    });

    it('hides namespace a from a token of namespace b', async () => {
      const response = await api.request('GET', buildPath('a'), { token: api.tokens.editB });
      expect(response.status).toBe(403);
    });

    it('answers 401 without a token', async () => {
      const response = await fetch(`${api.url}${bcPath('a')}`);
      expect(response.status).toBe(401);
    });
  });
});
