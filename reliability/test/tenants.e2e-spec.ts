import { randomBytes } from 'node:crypto';
import type { Build, Status } from '@kiln/build-types';
import type { EventBus } from '@kiln/events';
import { aDockerBuildConfig, sharedFarm, type Farm } from './support/farm.js';
import { connectBus } from './support/streams.js';

const A = 'rel-tenant-a';
const B = 'rel-tenant-b';
const B_SECRET_VALUE = `tenant-b-only-${randomBytes(8).toString('hex')}`;

/** Namespace A's token against namespace B: every verb on B's builds is Forbidden. */
describe('tenants: a token for one namespace and the builds of another', () => {
  const a: Farm = sharedFarm(A);
  const b: Farm = sharedFarm(B);
  const tokenA = a.descriptor.tenantTokens[A] ?? '';
  const tokenB = b.descriptor.tenantTokens[B] ?? '';
  let bus: EventBus;
  let running = '';

  beforeAll(async () => {
    await a.ensureUp();
    bus = await connectBus(a.natsUrl);
    const asB = { token: tokenB };
    const secret = await b.call(
      'POST',
      `/api/v1/namespaces/${B}/secrets`,
      {
        metadata: { name: 'b-secret' },
        type: 'Opaque',
        data: {
          username: Buffer.from('b').toString('base64'),
          password: Buffer.from(B_SECRET_VALUE).toString('base64'),
          value: Buffer.from(B_SECRET_VALUE).toString('base64'),
        },
      },
      asB,
    );
    expect(secret.status).toBe(201);
    const configMap = await b.call(
      'POST',
      `/api/v1/namespaces/${B}/configmaps`,
      { metadata: { name: 'b-config' }, data: { value: B_SECRET_VALUE } },
      asB,
    );
    expect(configMap.status).toBe(201);
    const config = (name: string, run: string) =>
      aDockerBuildConfig(name, `FROM ${b.base}\n${run}\n`, `${b.registry}/${B}/${name}:latest`);
    for (const [name, run] of [
      ['shared-name', 'RUN echo layer > /layer'],
      ['b-long', 'RUN sleep 8'],
    ] as const) {
      expect((await b.call('POST', 'buildconfigs', config(name, run), asB)).status).toBe(201);
    }
    const done = await b.waitTerminal(await b.instantiate('shared-name', {}, asB), 120_000);
    expect(done.status?.phase).toBe('Complete');
    running = await b.instantiate('b-long', {}, asB);
    await b.waitPhase(running, 'Running');
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
  });

  const bPath = (rest: string) => `/apis/build.openshift.io/v1/namespaces/${B}/${rest}`;
  const REST: { verb: string; method: string; path: string; body?: unknown }[] = [
    { verb: 'list the builds of', method: 'GET', path: bPath('builds') },
    { verb: 'read a build of', method: 'GET', path: bPath('builds/shared-name-1') },
    { verb: 'watch the builds of', method: 'GET', path: bPath('builds?watch=true') },
    { verb: 'read a build log of', method: 'GET', path: bPath('builds/shared-name-1/log') },
    { verb: 'list the BuildConfigs of', method: 'GET', path: bPath('buildconfigs') },
    {
      verb: 'start a build in',
      method: 'POST',
      path: bPath('buildconfigs/shared-name/instantiate'),
      body: { kind: 'BuildRequest', metadata: { name: 'shared-name' } },
    },
    {
      verb: 'cancel a build of',
      method: 'PUT',
      path: bPath('builds/b-long-1'),
      body: { kind: 'Build', metadata: { name: 'b-long-1' }, status: { cancelled: true } },
    },
    { verb: 'delete a build of', method: 'DELETE', path: bPath('builds/shared-name-1') },
    {
      verb: 'read a Secret of',
      method: 'GET',
      path: `/api/v1/namespaces/${B}/secrets/b-secret`,
    },
  ];

  it.each(REST.map((r) => [r.verb, r] as const))(
    'cannot %s another namespace over REST',
    async (_verb, { method, path, body }) => {
      const response = await a.call<Status>(method, path, body, { token: tokenA });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
      expect(response.text).not.toContain(B_SECRET_VALUE);
    },
  );

  it.each([
    ['read a build of', 'kiln.v1.api.get-build', { name: 'shared-name-1' }],
    ['list the builds of', 'kiln.v1.api.list-builds', {}],
    ['start a build in', 'kiln.v1.api.instantiate', { name: 'shared-name' }],
    ['cancel a build of', 'kiln.v1.api.cancel-build', { name: 'b-long-1' }],
  ])('cannot %s another namespace over the NATS API', async (_verb, subject, request) => {
    const reply = await bus.connection.request(
      subject,
      JSON.stringify({ token: tokenA, namespace: B, ...request }),
      { timeout: 5000 },
    );
    expect(JSON.parse(reply.string())).toMatchObject({
      ok: false,
      error: { code: 403, reason: 'Forbidden' },
    });
  });

  it("left B's builds as they were: nothing started, nothing cancelled or deleted", async () => {
    const config = await b.call<{ status: { lastVersion: number } }>(
      'GET',
      'buildconfigs/shared-name',
      undefined,
      { token: tokenB },
    );
    expect(config.body.status.lastVersion).toBe(1);
    expect((await b.call('GET', 'builds/shared-name-1', undefined, { token: tokenB })).status).toBe(
      200,
    );
    const long = await b.waitTerminal(running, 120_000);
    expect(long.status?.phase).toBe('Complete');
  }, 150_000);

  it("puts an object A sends naming B's namespace in A, not in B", async () => {
    const body = aDockerBuildConfig('named-b', `FROM ${a.base}\n`, undefined);
    (body.metadata as Record<string, unknown>).namespace = B;
    expect((await a.call('POST', 'buildconfigs', body, { token: tokenA })).status).toBe(201);
    expect((await b.call('GET', 'buildconfigs/named-b', undefined, { token: tokenB })).status).toBe(
      404,
    );
  });

  it("cannot use B's Secret or ConfigMap by naming it in A's BuildConfig, in any of its uses", async () => {
    const dockerfile = `FROM ${a.base}\nRUN cat /run/s/value || true\n`;
    const bSecret = `Secret "b-secret" does not exist in namespace ${A}`;
    // Each use: what it is, the BuildConfig spec, the reason the build fails with, and the message.
    const uses: [string, string, Record<string, unknown>, string][] = [
      [
        'source secret',
        'FetchSourceFailed',
        {
          source: {
            type: 'Git',
            git: { uri: `${a.gitUrl}nowhere` },
            sourceSecret: { name: 'b-secret' },
          },
        },
        bSecret,
      ],
      [
        'build-time secret',
        'FetchSourceFailed',
        {
          strategy: {
            type: 'Docker',
            dockerStrategy: {
              volumes: [
                {
                  name: 's',
                  source: { type: 'Secret', secret: { secretName: 'b-secret' } },
                  mounts: [{ destinationPath: '/run/s' }],
                },
              ],
            },
          },
        },
        bSecret,
      ],
      [
        'env valueFrom',
        'UnresolvableEnvironmentVariable',
        {
          strategy: {
            type: 'Docker',
            dockerStrategy: {
              env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'b-secret', key: 'value' } } }],
            },
          },
        },
        bSecret,
      ],
      [
        'pull secret',
        'FetchSourceFailed',
        { strategy: { type: 'Docker', dockerStrategy: { pullSecret: { name: 'b-secret' } } } },
        bSecret,
      ],
      [
        'push secret',
        'PushImageToRegistryFailed',
        {
          output: {
            to: { kind: 'DockerImage', name: `${a.registry}/${A}/pushed:latest` },
            pushSecret: { name: 'b-secret' },
          },
        },
        bSecret,
      ],
      [
        'build input secret (source.secrets)',
        'FetchSourceFailed',
        {
          source: { dockerfile, secrets: [{ secret: { name: 'b-secret' }, destinationDir: 's' }] },
        },
        bSecret,
      ],
      [
        'build input configMap (source.configMaps)',
        'FetchSourceFailed',
        {
          source: {
            dockerfile,
            configMaps: [{ configMap: { name: 'b-config' }, destinationDir: 'c' }],
          },
        },
        `ConfigMap "b-config" does not exist in namespace ${A}`,
      ],
      [
        'source image pull secret (source.images[].pullSecret)',
        'FetchImageContentFailed',
        {
          source: {
            dockerfile,
            images: [
              {
                from: { kind: 'DockerImage', name: a.base },
                paths: [{ sourcePath: '/etc/passwd', destinationDir: 'from-image' }],
                pullSecret: { name: 'b-secret' },
              },
            ],
          },
        },
        bSecret,
      ],
    ];
    const builds = await Promise.all(
      uses.map(
        async (
          [use, reason, spec, missing],
          i,
        ): Promise<[string, Build, string, string, string]> => {
          const name = `uses-b-${i}`;
          const config = aDockerBuildConfig(name, dockerfile, undefined, spec);
          expect((await a.call('POST', 'buildconfigs', config, { token: tokenA })).status).toBe(
            201,
          );
          const build = await a.waitTerminal(
            await a.instantiate(name, {}, { token: tokenA }),
            120_000,
          );
          const log = await a.call('GET', `builds/${build.metadata.name ?? ''}/log`, undefined, {
            token: tokenA,
          });
          return [use, build, log.text, reason, missing];
        },
      ),
    );
    for (const [use, build, log, reason, missing] of builds) {
      expect({ use, phase: build.status?.phase }).toEqual({
        use,
        phase: expect.stringMatching(/^(Failed|Error)$/) as string,
      });
      expect({ use, reason: build.status?.reason, message: build.status?.message }).toEqual({
        use,
        reason,
        message: expect.stringContaining(missing) as string,
      });
      expect(JSON.stringify(build) + log).not.toContain(B_SECRET_VALUE);
    }
  }, 240_000);

  it("does not reuse B's cached layers for A's identical BuildConfig", async () => {
    const config = aDockerBuildConfig(
      'shared-name',
      `FROM ${a.base}\nRUN echo layer > /layer\n`,
      `${a.registry}/${A}/shared-name:latest`,
    );
    expect((await a.call('POST', 'buildconfigs', config, { token: tokenA })).status).toBe(201);
    const build = await a.waitTerminal(
      await a.instantiate('shared-name', {}, { token: tokenA }),
      120_000,
    );
    expect(build.status?.phase).toBe('Complete');
    const log = await a.call('GET', `builds/${build.metadata.name ?? ''}/log`, undefined, {
      token: tokenA,
    });
    expect(log.text).toContain('Layer cache: 0 step(s) reused');
  }, 150_000);
});
