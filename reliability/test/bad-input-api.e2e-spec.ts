import type { Status } from '@kiln/build-types';
import { sharedFarm, type Farm } from './support/farm.js';

type Json = Record<string, unknown>;

/** A request that must be refused, and the field, entry or reason its Status must name. */
type Refusal = {
  what: string;
  body: Json | string | (() => Json | string);
  path?: string;
  method?: string;
  status: number;
  names: string;
  /** An object the request would have created: it must not exist afterwards. */
  absent?: string;
};

const bc = (name: unknown, spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name, ...metadata },
  spec: {
    source: { dockerfile: 'FROM scratch\n' },
    strategy: { type: 'Docker', dockerStrategy: {} },
    ...spec,
  },
});
const docker = (dockerStrategy: Json): Json => ({ strategy: { type: 'Docker', dockerStrategy } });
const git = (gitSource: Json): Json => ({ source: { type: 'Git', git: gitSource } });

const nested = (depth: number): string =>
  `{"apiVersion":"build.openshift.io/v1","kind":"BuildConfig","metadata":{"name":"deep","annotations":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}},"spec":{"strategy":{"type":"Docker","dockerStrategy":{}},"source":{"dockerfile":"FROM scratch"}}}`;

/** Every body the REST API must refuse, each naming what is wrong and changing nothing. */
const BUILD_CONFIGS: Refusal[] = [
  {
    what: 'a name with capitals and "_"',
    body: bc('Bad_Name'),
    status: 422,
    names: 'metadata.name',
    absent: 'Bad_Name',
  },
  {
    what: 'a name of 254 characters',
    body: bc('a'.repeat(254)),
    status: 422,
    names: 'metadata.name',
  },
  { what: 'an empty name', body: bc(''), status: 422, names: 'metadata.name' },
  { what: 'a name with a slash', body: bc('a/b'), status: 422, names: 'metadata.name' },
  { what: 'a name that is a number', body: bc(42), status: 422, names: 'metadata.name' },
  {
    what: 'metadata that is a string',
    body: { ...bc('x'), metadata: 'x' },
    status: 422,
    names: 'metadata',
  },
  {
    what: 'a spec that is an array',
    body: { ...bc('spec-array'), spec: [] },
    status: 422,
    names: 'spec',
    absent: 'spec-array',
  },
  {
    what: 'a label value that is a number',
    body: bc('label-num', {}, { labels: { a: 5 } }),
    status: 422,
    names: 'metadata.labels.a',
    absent: 'label-num',
  },
  {
    what: 'an unknown strategy type',
    body: bc('strategy-x', { strategy: { type: 'Weird' } }),
    status: 422,
    names: 'spec.strategy.type',
    absent: 'strategy-x',
  },
  {
    what: 'two strategies',
    body: bc('two', {
      strategy: {
        type: 'Docker',
        dockerStrategy: {},
        sourceStrategy: { from: { kind: 'DockerImage', name: 'b' } },
      },
    }),
    status: 422,
    names: 'spec.strategy',
    absent: 'two',
  },
  {
    what: 'a runPolicy of the wrong type',
    body: bc('policy-num', { runPolicy: 42 }),
    status: 422,
    names: 'spec.runPolicy',
    absent: 'policy-num',
  },
  {
    what: 'an unknown runPolicy',
    body: bc('policy-x', { runPolicy: 'Sometimes' }),
    status: 422,
    names: 'spec.runPolicy',
    absent: 'policy-x',
  },
  {
    what: 'a negative history limit',
    body: bc('limit-neg', { successfulBuildsHistoryLimit: -1 }),
    status: 422,
    names: 'spec.successfulBuildsHistoryLimit',
    absent: 'limit-neg',
  },
  {
    what: 'a deadline that is a string',
    body: bc('deadline-str', { completionDeadlineSeconds: 'soon' }),
    status: 422,
    names: 'spec.completionDeadlineSeconds',
    absent: 'deadline-str',
  },
  {
    what: 'an env name with a newline and RUN',
    body: bc('env-nl', docker({ env: [{ name: 'A\nRUN touch /x', value: '1' }] })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.env[0].name',
    absent: 'env-nl',
  },
  {
    what: 'env that is an object, not a list',
    body: bc('env-obj', docker({ env: { A: '1' } })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.env',
    absent: 'env-obj',
  },
  {
    what: 'an env value that is a number',
    body: bc('env-num', docker({ env: [{ name: 'A', value: 1 }] })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.env[0].value',
    absent: 'env-num',
  },
  {
    what: 'a build arg name with "="',
    body: bc('arg-eq', docker({ buildArgs: [{ name: 'A=B', value: '1' }] })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.buildArgs[0].name',
    absent: 'arg-eq',
  },
  {
    what: 'a from image with an injected instruction',
    body: bc('from-nl', docker({ from: { kind: 'DockerImage', name: 'base\nRUN touch /x' } })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.from.name',
    absent: 'from-nl',
  },
  {
    what: 'a dockerfilePath leaving the source',
    body: bc('path-up', docker({ dockerfilePath: '../../etc/passwd' })),
    status: 422,
    names: 'spec.strategy.dockerStrategy.dockerfilePath',
    absent: 'path-up',
  },
  {
    what: 'a contextDir leaving the source',
    body: bc('ctx-up', { source: { dockerfile: 'FROM scratch', contextDir: '../../etc' } }),
    status: 422,
    names: 'spec.source.contextDir',
    absent: 'ctx-up',
  },
  {
    what: 'a secret volume mounted at a relative path',
    body: bc(
      'vol-rel',
      docker({
        volumes: [
          {
            name: 'v',
            source: { type: 'Secret', secret: { secretName: 's' } },
            mounts: [{ destinationPath: 'etc/x' }],
          },
        ],
      }),
    ),
    status: 422,
    names: 'spec.strategy.dockerStrategy.volumes[0].mounts[0].destinationPath',
    absent: 'vol-rel',
  },
  {
    what: 'a volume of an unknown source type',
    body: bc(
      'vol-type',
      docker({
        volumes: [{ name: 'v', source: { type: 'HostPath' }, mounts: [{ destinationPath: '/x' }] }],
      }),
    ),
    status: 422,
    names: 'spec.strategy.dockerStrategy.volumes[0].source.type',
    absent: 'vol-type',
  },
  {
    what: 'an output of an unknown kind',
    body: bc('out-kind', { output: { to: { kind: 'Bucket', name: 'x' } } }),
    status: 422,
    names: 'spec.output.to.kind',
    absent: 'out-kind',
  },
  {
    what: 'an output name that is no image reference',
    body: bc('out-ref', { output: { to: { kind: 'DockerImage', name: 'not a ref!!' } } }),
    status: 422,
    names: 'spec.output.to.name',
    absent: 'out-ref',
  },
  {
    what: 'an image label name with a space',
    body: bc('label-sp', { output: { imageLabels: [{ name: 'a b', value: 'c' }] } }),
    status: 422,
    names: 'spec.output.imageLabels[0].name',
    absent: 'label-sp',
  },
  {
    what: 'an unknown trigger type',
    body: bc('trig-x', { triggers: [{ type: 'Cron' }] }),
    status: 422,
    names: 'spec.triggers[0].type',
    absent: 'trig-x',
  },
  {
    what: 'a git URL with the ext:: helper',
    body: bc('git-ext', git({ uri: 'ext::sh -c touch% /tmp/kiln-pwned' })),
    status: 422,
    names: 'spec.source.git.uri',
    absent: 'git-ext',
  },
  {
    what: 'a git URL starting with "-"',
    body: bc('git-dash', git({ uri: '-oProxyCommand=touch /tmp/kiln-pwned' })),
    status: 422,
    names: 'spec.source.git.uri',
    absent: 'git-dash',
  },
  {
    what: 'a git URL that is a git option',
    body: bc('git-opt', git({ uri: '--upload-pack=touch /tmp/kiln-pwned' })),
    status: 422,
    names: 'spec.source.git.uri',
    absent: 'git-opt',
  },
  {
    what: 'annotations nested 100 000 deep',
    body: () => nested(100_000),
    status: 422,
    names: 'metadata.annotations',
    absent: 'deep',
  },
  {
    what: 'a 10 MB object',
    body: () => bc('huge', {}, { annotations: { x: 'a'.repeat(10 * 1024 * 1024) } }),
    status: 413,
    names: 'too large',
    absent: 'huge',
  },
  {
    what: 'a body that is not JSON',
    body: '{"metadata": {"name": "broken"',
    status: 400,
    names: 'JSON',
    absent: 'broken',
  },
  { what: 'a body that is a JSON array', body: '[]', status: 400, names: 'object' },
];

const SECRETS: Refusal[] = [
  {
    what: 'data that is not base64',
    body: { metadata: { name: 'b64' }, data: { k: '***' } },
    status: 422,
    names: 'data[k]',
    absent: 'b64',
  },
  {
    what: 'a data key that walks up',
    body: { metadata: { name: 'dotdot' }, data: { '../x': 'eA==' } },
    status: 422,
    names: 'data[../x]',
    absent: 'dotdot',
  },
  {
    what: 'a secret name with capitals',
    body: { metadata: { name: 'Bad_Secret' }, data: {} },
    status: 422,
    names: 'metadata.name',
    absent: 'Bad_Secret',
  },
];

const asText = (body: Refusal['body']): string => {
  const value = typeof body === 'function' ? body() : body;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

describe('bad input refused by the REST API', () => {
  const farm: Farm = sharedFarm('rel-bad-api');
  const secretsPath = `/api/v1/namespaces/${farm.namespace}/secrets`;

  const expectRefused = async (refusal: Refusal, path: string) => {
    const response = await farm.call<Status>(refusal.method ?? 'POST', path, asText(refusal.body));
    expect(response.status).toBe(refusal.status);
    expect(response.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: refusal.status,
    });
    const causes = response.body.details?.causes?.map((c) => c.field) ?? [];
    expect([response.body.message, ...causes].join('\n')).toContain(refusal.names);
  };

  beforeAll(async () => {
    await farm.ensureUp();
    await farm.create(`/api/v1/namespaces/${farm.namespace}/secrets`, {
      metadata: { name: 'kept' },
      data: {},
    });
    await farm.create('buildconfigs', bc('kept'));
  }, 60_000);

  it.each(BUILD_CONFIGS.map((r) => [r.what, r] as const))(
    'refuses a BuildConfig with %s',
    async (_what, refusal) => {
      await expectRefused(refusal, refusal.path ?? 'buildconfigs');
      if (refusal.absent) {
        expect((await farm.call('GET', `buildconfigs/${refusal.absent}`)).status).toBe(404);
      }
    },
  );

  it.each(SECRETS.map((r) => [r.what, r] as const))(
    'refuses a Secret with %s',
    async (_what, refusal) => {
      await expectRefused(refusal, secretsPath);
      expect((await farm.call('GET', `${secretsPath}/${refusal.absent ?? ''}`)).status).toBe(404);
    },
  );

  it.each([
    ['an env name starting with a digit', { env: [{ name: '1A', value: 'x' }] }, 'env[0].name'],
    ['an env value that is an object', { env: [{ name: 'A', value: { x: 1 } }] }, 'env[0].value'],
    [
      'a build arg with an invalid name',
      { dockerStrategyOptions: { buildArgs: [{ name: 'A B', value: '1' }] } },
      'dockerStrategyOptions.buildArgs[0].name',
    ],
  ])('refuses an instantiate with %s, starting no build', async (_what, request, field) => {
    const response = await farm.call<Status>('POST', 'buildconfigs/kept/instantiate', {
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: 'kept' },
      ...request,
    });
    expect(response.status).toBe(422);
    expect(response.body.details?.causes?.map((c) => c.field)).toContain(field);
  });

  it('changed nothing: only what the test made itself exists', async () => {
    const configs = await farm.call<{
      items: { metadata: { name: string }; status: { lastVersion: number } }[];
    }>('GET', 'buildconfigs');
    expect(configs.body.items.map((c) => [c.metadata.name, c.status.lastVersion])).toEqual([
      ['kept', 0],
    ]);
    expect((await farm.call<{ items: unknown[] }>('GET', 'builds')).body.items).toEqual([]);
    const secrets = await farm.call<{ items: { metadata: { name: string } }[] }>(
      'GET',
      secretsPath,
    );
    expect(secrets.body.items.map((s) => s.metadata.name)).toEqual(['kept']);
  });
});
