import type { Build, Status } from '@kiln/build-types';
import type { EventBus } from '@kiln/events';
import { aDockerBuildConfig, sharedFarm, sleep, type Farm, type Part } from './support/farm.js';
import { connectBus, readStream } from './support/streams.js';

type Json = Record<string, unknown>;

/** A webhook call that must be refused, and what its Status must name. */
const WEBHOOKS: {
  what: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body: () => string | Buffer;
  status: number;
  names: string;
}[] = [
  {
    what: 'a wrong secret',
    path: 'not-the-secret/github',
    headers: { 'x-github-event': 'push' },
    body: () => '{}',
    status: 401,
    names: 'did not accept your secret',
  },
  {
    what: 'a 50 MB body',
    path: 'gh-secret/github',
    headers: { 'x-github-event': 'push' },
    body: () => Buffer.alloc(50 * 1024 * 1024, 'a'),
    status: 413,
    names: 'too large',
  },
  {
    what: 'malformed JSON (GitHub)',
    path: 'gh-secret/github',
    headers: { 'x-github-event': 'push' },
    body: () => '{"ref": ',
    status: 400,
    names: 'not a GitHub push event',
  },
  {
    what: 'malformed JSON (GitLab)',
    path: 'gl-secret/gitlab',
    headers: { 'x-gitlab-event': 'Push Hook' },
    body: () => '{"ref": ',
    status: 400,
    names: 'GitLab',
  },
  {
    what: 'malformed JSON (Bitbucket)',
    path: 'bb-secret/bitbucket',
    headers: { 'x-event-key': 'repo:push' },
    body: () => '{"push": ',
    status: 400,
    names: 'Bitbucket',
  },
  {
    what: 'a GitHub event that is not a push',
    path: 'gh-secret/github',
    headers: { 'x-github-event': 'issues' },
    body: () => '{}',
    status: 400,
    names: 'issues',
  },
  {
    what: 'a GitLab event that is not a push',
    path: 'gl-secret/gitlab',
    headers: { 'x-gitlab-event': 'Issue Hook' },
    body: () => '{}',
    status: 400,
    names: 'Issue Hook',
  },
  {
    what: 'an unknown webhook type',
    path: 'gh-secret/jenkins',
    body: () => '{}',
    status: 404,
    names: 'jenkins',
  },
  {
    what: 'a GET instead of a POST',
    path: 'gh-secret/github',
    method: 'GET',
    body: () => '',
    status: 405,
    names: 'POST',
  },
];

/** A job or fact on JetStream with one thing wrong: the consumer must terminate it untouched. */
type BadMessage = {
  what: string;
  subject: string;
  /** The consumer (and so the service) that receives it. */
  consumer: string;
  part: Part;
  /** From the real event of a finished build, break one thing; a string is sent as it is. */
  corrupt: (event: Json) => Json | string;
  names: string;
};

const data = (event: Json): Json => event.data as Json;
const BAD_MESSAGES: BadMessage[] = [
  {
    what: 'a BuildRequested without its build',
    subject: 'kiln.v1.build.requested',
    consumer: 'source-fetcher',
    part: 'source-fetcher',
    corrupt: (e) => ({ ...e, data: { ...data(e), build: undefined } }),
    names: 'schema: build:',
  },
  {
    what: 'a BuildRequested that is not JSON',
    subject: 'kiln.v1.build.requested',
    consumer: 'source-fetcher',
    part: 'source-fetcher',
    corrupt: () => '{"specversion": "1.0", "data": ',
    names: 'JSON',
  },
  {
    what: 'a BuildRequested whose type names another subject',
    subject: 'kiln.v1.build.requested',
    consumer: 'source-fetcher',
    part: 'source-fetcher',
    corrupt: (e) => ({ ...e, type: 'kiln.v1.stage.push.pushed' }),
    names: 'does not match its subject',
  },
  {
    what: 'a SourceFetched with a bundle digest that is no digest',
    subject: 'kiln.v1.stage.source.fetched',
    consumer: 'dockerfile-generator',
    part: 'dockerfile-generator',
    corrupt: (e) => ({
      ...e,
      data: { ...data(e), bundle: { ...(data(e).bundle as Json), digest: 'sha256:../../etc' } },
    }),
    names: 'bundle.digest:',
  },
  {
    what: 'a DockerfileGenerated whose Dockerfile is a number',
    subject: 'kiln.v1.stage.dockerfile.generated',
    consumer: 'builder',
    part: 'builder',
    corrupt: (e) => ({ ...e, data: { ...data(e), dockerfile: 42 } }),
    names: 'schema: dockerfile:',
  },
  {
    what: 'a DockerfileGenerated with an unknown layers policy',
    subject: 'kiln.v1.stage.dockerfile.generated',
    consumer: 'builder',
    part: 'builder',
    corrupt: (e) => ({ ...e, data: { ...data(e), layers: 'All' } }),
    names: 'layers:',
  },
  {
    what: 'an ImageBuilt without its image',
    subject: 'kiln.v1.stage.image.built',
    consumer: 'pusher',
    part: 'pusher',
    corrupt: (e) => ({ ...e, data: { ...data(e), image: {} } }),
    names: 'image.reference:',
  },
  {
    what: 'an ImagePushed with negative bytes, for a finished build',
    subject: 'kiln.v1.stage.push.pushed',
    consumer: 'build-controller',
    part: 'build-api',
    corrupt: (e) => ({ ...e, data: { ...data(e), bytesUploaded: -1, digest: 'sha256:forged' } }),
    names: 'bytesUploaded:',
  },
  {
    what: 'a StageStarted of an unknown stage, for a finished build',
    subject: 'kiln.v1.stage.started',
    consumer: 'build-controller',
    part: 'build-api',
    corrupt: (e) => ({ ...e, data: { ...data(e), stage: 'Teleport' } }),
    names: 'schema: stage:',
  },
];

/** Requests to build-api's NATS API (and the workers' internal one) that fail their schema. */
const BAD_REQUESTS: {
  what: string;
  subject: string;
  body: (farm: Farm) => unknown;
  code: number;
  names: string;
}[] = [
  {
    what: 'an instantiate without a token',
    subject: 'kiln.v1.api.instantiate',
    body: (f) => ({ namespace: f.namespace, name: 'events' }),
    code: 422,
    names: 'token',
  },
  {
    what: 'an instantiate with an invalid env name',
    subject: 'kiln.v1.api.instantiate',
    body: (f) => ({
      token: f.adminToken,
      namespace: f.namespace,
      name: 'events',
      request: { env: [{ name: '1A', value: 'x' }] },
    }),
    code: 422,
    names: 'env[0].name',
  },
  {
    what: 'a list with a negative limit',
    subject: 'kiln.v1.api.list-builds',
    body: (f) => ({ token: f.adminToken, namespace: f.namespace, limit: -1 }),
    code: 422,
    names: 'limit',
  },
  {
    what: 'a request that is not JSON',
    subject: 'kiln.v1.api.get-build',
    body: () => 'get me a build',
    code: 400,
    names: 'not JSON',
  },
  {
    what: 'an object resolution for a Pod',
    subject: 'kiln.v1.internal.resolve-objects',
    body: (f) => ({
      namespace: f.namespace,
      build: 'events-1',
      refs: [{ kind: 'Pod', name: 'x' }],
    }),
    code: 422,
    names: 'refs.0.kind',
  },
];

describe('bad input from outside: webhooks and NATS messages', () => {
  const farm: Farm = sharedFarm('rel-bad-events');
  let bus: EventBus;
  let finished: Build;

  const lastVersion = async (): Promise<number> =>
    (await farm.call<{ status: { lastVersion: number } }>('GET', 'buildconfigs/events')).body.status
      .lastVersion;

  beforeAll(async () => {
    await farm.ensureUp();
    bus = await connectBus(farm.natsUrl);
    await farm.create(
      'buildconfigs',
      aDockerBuildConfig(
        'events',
        `FROM ${farm.base}\nRUN echo ok > /ok\n`,
        `${farm.registry}/${farm.namespace}/events:latest`,
        {
          triggers: [
            { type: 'GitHub', github: { secret: 'gh-secret' } },
            { type: 'GitLab', gitlab: { secret: 'gl-secret' } },
            { type: 'Bitbucket', bitbucket: { secret: 'bb-secret' } },
          ],
        },
      ),
    );
    finished = await farm.waitTerminal(await farm.instantiate('events'), 120_000);
    expect(finished.status?.phase).toBe('Complete');
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
  });

  it.each(WEBHOOKS.map((w) => [w.what, w] as const))(
    'refuses a webhook call with %s, starting nothing',
    async (_what, hook) => {
      const before = await lastVersion();
      const response = await fetch(farm.url(`buildconfigs/events/webhooks/${hook.path}`), {
        method: hook.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: hook.method === 'GET' ? undefined : hook.body(),
      });
      const status = (await response.json()) as Status;
      expect(response.status).toBe(hook.status);
      expect(status).toMatchObject({ kind: 'Status', status: 'Failure', code: hook.status });
      expect(status.message).toContain(hook.names);
      expect(await lastVersion()).toBe(before);
    },
  );

  it.each(BAD_MESSAGES.map((m) => [m.what, m] as const))(
    'terminates %s, logging the field, changing nothing',
    async (_what, bad) => {
      const uid = finished.metadata.uid ?? '';
      const original = (await readStream(bus, 'KILN_EVENTS', bad.subject)).find((m) =>
        m.data.includes(uid),
      );
      expect(original).toBeDefined();
      const corrupted = bad.corrupt(JSON.parse(original?.data ?? '{}') as Json);
      const ack = await bus.js.publish(
        bad.subject,
        typeof corrupted === 'string' ? corrupted : JSON.stringify(corrupted),
        {
          msgID: `reliability-bad-${Date.now()}-${Math.random()}`,
        },
      );
      const deadline = Date.now() + 15_000;
      let advisory: Json | undefined;
      while (!advisory && Date.now() < deadline) {
        advisory = (await readStream(bus, 'KILN_DEAD_LETTERS'))
          .map((m) => JSON.parse(m.data) as Json)
          .find((a) => a.stream_seq === ack.seq && a.consumer === bad.consumer);
        await sleep(200);
      }
      expect(advisory).toMatchObject({
        stream: 'KILN_EVENTS',
        consumer: bad.consumer,
        stream_seq: ack.seq,
      });
      const logged = farm
        .log(bad.part)
        .split('\n')
        .filter((l) => l.includes(`terminated a message on ${bad.subject} that fails its schema`));
      expect(logged.some((l) => l.includes(bad.names))).toBe(true);
      const now = await farm.build(finished.metadata.name ?? '');
      expect(now.metadata.resourceVersion).toBe(finished.metadata.resourceVersion);
      expect(now.status?.output?.to?.imageDigest).toBe(finished.status?.output?.to?.imageDigest);
    },
  );

  it.each(BAD_REQUESTS.map((r) => [r.what, r] as const))(
    'answers %s with an error naming the field',
    async (_what, bad) => {
      const before = await lastVersion();
      const body = bad.body(farm);
      const reply = await bus.connection.request(
        bad.subject,
        typeof body === 'string' ? body : JSON.stringify(body),
        { timeout: 5000 },
      );
      const answer = JSON.parse(reply.string()) as {
        ok: boolean;
        error?: { code: number; message: string; causes?: { field: string }[] };
      };
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe(bad.code);
      expect(
        [answer.error?.message, ...(answer.error?.causes?.map((c) => c.field) ?? [])].join('\n'),
      ).toContain(bad.names);
      expect(await lastVersion()).toBe(before);
    },
  );
});
