import type { Build } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import pg from 'pg';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';

type Status = {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string }[] };
};

describe('BuildConfigs API', () => {
  let api: BuildApiHarness;
  let db: pg.Client;
  beforeAll(async () => {
    api = await startBuildApi();
    db = new pg.Client({ connectionString: api.postgres.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await api.stop();
  });

  const create = async (body: Record<string, unknown>) => {
    const response = await api.request('POST', bcPath('a'), { body });
    expect(response.status).toBe(201);
  };
  const instantiate = (name: string, request: Record<string, unknown> = {}) =>
    api.request('POST', `${bcPath('a', name)}/instantiate`, {
      body: { kind: 'BuildRequest', metadata: { name }, ...request },
    });
  const buildsOf = async (name: string): Promise<Build[]> =>
    (
      (await (
        await api.request(
          'GET',
          `${buildPath('a')}?labelSelector=${encodeURIComponent(`openshift.io/build-config.name=${name}`)}`,
        )
      ).json()) as { items: Build[] }
    ).items;
  const lastVersion = async (name: string) =>
    (
      (await (await api.request('GET', bcPath('a', name))).json()) as {
        status?: { lastVersion?: number };
      }
    ).status?.lastVersion;
  /** The events build-api queued about a build, in order. */
  const outbox = async (uid: string) =>
    (
      await db.query<{ subject: string; payload: Record<string, unknown> }>(
        `SELECT subject, payload FROM outbox WHERE payload->'build'->>'uid' = $1
           OR payload->'build'->'metadata'->>'uid' = $1 ORDER BY id`,
        [uid],
      )
    ).rows;

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

  describe('instantiate', () => {
    it('generates the build with its identity, owner and cause', async () => {
      await create(
        aBuildConfig('identity', { runPolicy: 'Parallel' }, { labels: { team: 'web' } }),
      );
      const response = await instantiate('identity');
      expect(response.status).toBe(201);
      const build = (await response.json()) as Build;

      expect(build.metadata.name).toBe('identity-1');
      expect(build.metadata.annotations).toMatchObject({
        'openshift.io/build-config.name': 'identity',
        'openshift.io/build.number': '1',
      });
      expect(build.metadata.labels).toEqual({
        team: 'web',
        buildconfig: 'identity',
        'openshift.io/build-config.name': 'identity',
        'openshift.io/build.start-policy': 'Parallel',
      });
      expect(build.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'BuildConfig',
        name: 'identity',
        controller: true,
      });
      expect(build.status?.config).toEqual({
        kind: 'BuildConfig',
        namespace: 'a',
        name: 'identity',
      });
      expect(build.spec.triggeredBy).toEqual([{ message: 'Manually triggered' }]);
      expect(build.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
        ['New', 'False'],
        ['Pending', 'True'],
      ]);
    });

    it('answers 409 when the request expects another lastVersion, and starts nothing', async () => {
      await create(aBuildConfig('versioned', { runPolicy: 'Parallel' }));
      expect((await instantiate('versioned')).status).toBe(201);

      const stale = await instantiate('versioned', { lastVersion: 0 });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as Status).message).toBe(
        'The lastVersion (0) of BuildConfig versioned does not match the current lastVersion (1)',
      );
      expect(await lastVersion('versioned')).toBe(1);

      expect((await instantiate('versioned', { lastVersion: 1 })).status).toBe(201);
      expect(await lastVersion('versioned')).toBe(2);
    });

    it('refuses a paused BuildConfig with 400, and starts nothing', async () => {
      await create(
        aBuildConfig('paused', {}, { annotations: { 'openshift.io/build-config.paused': 'TRUE' } }),
      );
      const response = await instantiate('paused');
      const status = (await response.json()) as Status;
      expect(response.status).toBe(400);
      expect(status.message).toBe(
        "can't instantiate from BuildConfig a/paused: BuildConfig is paused",
      );
      expect(await buildsOf('paused')).toEqual([]);
      expect(await lastVersion('paused')).toBe(0);
    });

    it('refuses build options for another strategy with 400', async () => {
      await create(aBuildConfig('docker-only'));
      const response = await instantiate('docker-only', {
        sourceStrategyOptions: { incremental: true },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Status).message).toMatch(
        /incremental applies only to Source builds/,
      );
      expect(await buildsOf('docker-only')).toEqual([]);
    });
  });

  describe('JenkinsPipeline', () => {
    const jenkins = (name: string, triggers: unknown[] = []) =>
      aBuildConfig(name, {
        source: {},
        strategy: {
          type: 'JenkinsPipeline',
          jenkinsPipelineStrategy: { jenkinsfile: "node { sh 'make' }" },
        },
        triggers,
      });

    it('creates the build, which fails at once as unsupported and is never queued', async () => {
      await create(jenkins('pipeline'));
      const response = await instantiate('pipeline');
      expect(response.status).toBe(201);
      const created = (await response.json()) as Build;
      expect(created.metadata.name).toBe('pipeline-1');

      const build = (await (
        await api.request('GET', buildPath('a', 'pipeline-1'))
      ).json()) as Build;
      expect(build.status).toMatchObject({
        phase: 'Failed',
        reason: 'UnsupportedBuildStrategy',
        message: 'Kiln does not run JenkinsPipeline builds.',
      });
      expect(build.status?.completionTimestamp).toEqual(expect.any(String));
      expect(build.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
        ['New', 'False', undefined],
        ['Failed', 'True', 'UnsupportedBuildStrategy'],
      ]);

      const events = await outbox(build.metadata.uid ?? '');
      expect(events.map((e) => e.subject)).toEqual([
        Subjects.BuildPhaseChanged,
        Subjects.BuildFailed,
      ]);
      expect(events[0]?.payload).toMatchObject({
        phase: 'Failed',
        previousPhase: 'New',
        reason: 'UnsupportedBuildStrategy',
      });
      expect(events[1]?.payload).toMatchObject({
        phase: 'Failed',
        reason: 'UnsupportedBuildStrategy',
        message: 'Kiln does not run JenkinsPipeline builds.',
      });
    });

    it('fails an instantiatebinary build the same way, storing no upload', async () => {
      // The harness's registry is unreachable: storing the upload would fail the request.
      await create(jenkins('pipeline-bin'));
      const response = await fetch(`${api.url}${bcPath('a', 'pipeline-bin')}/instantiatebinary`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.tokens.admin}` },
        body: 'not an archive',
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as Build).status).toMatchObject({
        phase: 'Failed',
        reason: 'UnsupportedBuildStrategy',
      });
    });

    it('numbers its builds like any other, a ConfigChange start included', async () => {
      await create(jenkins('pipeline-cc', [{ type: 'ConfigChange' }]));
      expect((await instantiate('pipeline-cc')).status).toBe(201);

      const builds = await buildsOf('pipeline-cc');
      expect(builds.map((b) => [b.metadata.name, b.status?.phase]).sort()).toEqual([
        ['pipeline-cc-1', 'Failed'],
        ['pipeline-cc-2', 'Failed'],
      ]);
      expect(builds.find((b) => b.metadata.name === 'pipeline-cc-1')?.spec.triggeredBy).toEqual([
        { message: 'Build configuration change' },
      ]);
    });
  });

  describe('binary source', () => {
    it('is not started by its ConfigChange trigger when created', async () => {
      await create(
        aBuildConfig('uploaded', {
          source: { binary: {} },
          triggers: [{ type: 'ConfigChange' }],
        }),
      );
      expect(await buildsOf('uploaded')).toEqual([]);
      expect(await lastVersion('uploaded')).toBe(0);
    });

    it('is started by a manual instantiate', async () => {
      await create(aBuildConfig('uploaded-manual', { source: { type: 'Binary', binary: {} } }));
      expect((await instantiate('uploaded-manual')).status).toBe(201);
    });
  });
});
