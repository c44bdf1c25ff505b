import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { webhookFixture } from './fixtures/webhooks/fixtures.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';

type Build = {
  kind: string;
  metadata: { name: string };
  spec: { revision?: { git?: { commit?: string } }; triggeredBy: Record<string, unknown>[] };
};
type Status = { kind: string; code: number; reason?: string; message: string };

const NS = 'a';
const GIT = { uri: 'https://git.example.org/platform/kiln-sample-app.git', ref: 'main' };

const withTrigger = (name: string, trigger: Record<string, unknown>, git = GIT) =>
  aBuildConfig(name, { source: { git }, triggers: [trigger], runPolicy: 'Parallel' });

describe('Webhooks', () => {
  let api: BuildApiHarness;

  /** A webhook call as a provider makes it: no bearer token. */
  const hook = (
    name: string,
    secret: string,
    type: string,
    options: { body?: Buffer | string; headers?: Record<string, string>; method?: string } = {},
  ) =>
    fetch(`${api.url}${bcPath(NS, name)}/webhooks/${secret}/${type}`, {
      method: options.method ?? 'POST',
      headers: options.headers,
      body: options.body,
    });
  const json = (event: Record<string, string>) => ({
    'content-type': 'application/json',
    ...event,
  });
  const buildsOf = async (name: string) =>
    (
      (await (
        await api.request('GET', `${buildPath(NS)}?labelSelector=buildconfig%3D${name}`)
      ).json()) as {
        items: Build[];
      }
    ).items.length;

  beforeAll(async () => {
    api = await startBuildApi();
    await api.request('POST', `/api/v1/namespaces/${NS}/secrets`, {
      body: {
        metadata: { name: 'gitlab-hook' },
        stringData: { WebHookSecretKey: 'from-a-secret-42' },
      },
    });
    const configs = [
      withTrigger('gh', { type: 'GitHub', github: { secret: 'gh-secret-1' } }),
      withTrigger('gl', { type: 'GitLab', gitlab: { secretReference: { name: 'gitlab-hook' } } }),
      withTrigger('bb', { type: 'Bitbucket', bitbucket: { secret: 'bb-secret-1' } }),
      withTrigger('gen', { type: 'Generic', generic: { secret: 'gen-secret-1', allowEnv: true } }),
      aBuildConfig('no-hooks', { source: { git: GIT } }),
      aBuildConfig('uploaded', {
        source: { binary: {} },
        triggers: [
          { type: 'Generic', generic: { secret: 'bin-secret-1' } },
          { type: 'GitHub', github: { secret: 'bin-secret-1' } },
        ],
      }),
    ];
    for (const body of configs) {
      const response = await api.request('POST', bcPath(NS), { body });
      expect(response.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('GitHub', () => {
    it('starts a build of the pushed head commit, recording the cause without the secret', async () => {
      const response = await hook('gh', 'gh-secret-1', 'github', {
        headers: json({ 'X-GitHub-Event': 'push', 'User-Agent': 'GitHub-Hookshot/5e1f2a3' }),
        body: webhookFixture('github-push.json'),
      });
      const text = await response.text();
      const build = JSON.parse(text) as Build;
      expect(response.status).toBe(200);
      expect(build.kind).toBe('Build');
      expect(build.spec.revision?.git?.commit).toBe('9b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b');
      expect(build.spec.triggeredBy).toEqual([
        {
          message: 'GitHub WebHook',
          githubWebHook: {
            secret: '<secret>',
            revision: {
              type: 'Git',
              git: {
                commit: '9b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b',
                author: { name: 'Mira Okafor', email: 'mira.okafor@example.org' },
                committer: { name: 'GitHub', email: 'noreply@github.com' },
                message: 'Add a health endpoint\n\nThe platform probes /healthz.',
              },
            },
          },
        },
      ]);
      expect(text).not.toContain('gh-secret-1');
    });

    it('answers a ping with 200 and starts nothing', async () => {
      const before = await buildsOf('gh');
      const response = await hook('gh', 'gh-secret-1', 'github', {
        headers: json({ 'X-GitHub-Event': 'ping' }),
        body: webhookFixture('github-ping.json'),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Status).kind).toBe('Status');
      expect(await buildsOf('gh')).toBe(before);
    });

    it('answers 200 and starts nothing for a push to another branch', async () => {
      const before = await buildsOf('gh');
      const payload = JSON.parse(webhookFixture('github-push.json').toString()) as { ref: string };
      payload.ref = 'refs/heads/feature/x';
      const response = await hook('gh', 'gh-secret-1', 'github', {
        headers: json({ 'X-GitHub-Event': 'push' }),
        body: JSON.stringify(payload),
      });
      const status = (await response.json()) as Status;
      expect(response.status).toBe(200);
      expect(status.message).toMatch(/does not match configuration/);
      expect(await buildsOf('gh')).toBe(before);
    });

    it('answers 400 to an event it does not handle', async () => {
      const response = await hook('gh', 'gh-secret-1', 'github', {
        headers: json({ 'X-GitHub-Event': 'issues' }),
        body: '{}',
      });
      expect(response.status).toBe(400);
    });
  });

  describe('secrets', () => {
    it.each([
      ['a wrong secret', 'gh', 'wrong-secret', 'github'],
      ['an unknown BuildConfig', 'ghost', 'gh-secret-1', 'github'],
      ['a BuildConfig without that trigger', 'no-hooks', 'gh-secret-1', 'github'],
      ['the secret of another trigger type', 'gh', 'gh-secret-1', 'gitlab'],
    ])('answers one uniform 401 for %s', async (_case, name, secret, type) => {
      const response = await hook(name, secret, type, {
        headers: json({ 'X-GitHub-Event': 'push', 'X-Gitlab-Event': 'Push Hook' }),
        body: webhookFixture('github-push.json'),
      });
      const status = (await response.json()) as Status;
      expect(response.status).toBe(401);
      expect(status.message).toBe(`the webhook "${type}" for "${name}" did not accept your secret`);
    });
  });

  describe('GitLab', () => {
    it('starts a build when the secret is the one of the referenced Secret', async () => {
      const response = await hook('gl', 'from-a-secret-42', 'gitlab', {
        headers: json({ 'X-Gitlab-Event': 'Push Hook' }),
        body: webhookFixture('gitlab-push.json'),
      });
      const build = (await response.json()) as Build;
      expect(response.status).toBe(200);
      expect(build.spec.revision?.git?.commit).toBe('c7e9a1b3d5f7092b4d6f8a0c2e4b6d8f1a3c5e7b');
      expect(build.spec.triggeredBy[0]).toMatchObject({
        message: 'GitLab WebHook',
        gitlabWebHook: { secret: '<secret>' },
      });
    });

    it('refuses another secret, and follows the Secret when it changes', async () => {
      const wrong = await hook('gl', 'from-a-secret-43', 'gitlab', {
        headers: json({ 'X-Gitlab-Event': 'Push Hook' }),
        body: webhookFixture('gitlab-push.json'),
      });
      expect(wrong.status).toBe(401);
      const secret = (await (
        await api.request('GET', `/api/v1/namespaces/${NS}/secrets/gitlab-hook`)
      ).json()) as Record<string, unknown>;
      await api.request('PUT', `/api/v1/namespaces/${NS}/secrets/gitlab-hook`, {
        body: { ...secret, data: {}, stringData: { WebHookSecretKey: 'rotated-secret-7' } },
      });
      const old = await hook('gl', 'from-a-secret-42', 'gitlab', {
        headers: json({ 'X-Gitlab-Event': 'Push Hook' }),
        body: webhookFixture('gitlab-push.json'),
      });
      const rotated = await hook('gl', 'rotated-secret-7', 'gitlab', {
        headers: json({ 'X-Gitlab-Event': 'Push Hook' }),
        body: webhookFixture('gitlab-push.json'),
      });
      expect([old.status, rotated.status]).toEqual([401, 200]);
    });
  });

  describe('Bitbucket', () => {
    it('starts a build from a Cloud repo:push', async () => {
      const response = await hook('bb', 'bb-secret-1', 'bitbucket', {
        headers: json({ 'X-Event-Key': 'repo:push' }),
        body: webhookFixture('bitbucket-cloud-push.json'),
      });
      const build = (await response.json()) as Build;
      expect(response.status).toBe(200);
      expect(build.spec.revision?.git?.commit).toBe('f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2');
      expect(build.spec.triggeredBy[0]).toMatchObject({ message: 'Bitbucket WebHook' });
    });

    it('starts a build from a Server repo:refs_changed', async () => {
      const response = await hook('bb', 'bb-secret-1', 'bitbucket', {
        headers: json({ 'X-Event-Key': 'repo:refs_changed' }),
        body: webhookFixture('bitbucket-server-refs-changed.json'),
      });
      expect(((await response.json()) as Build).spec.revision?.git?.commit).toBe(
        'b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1',
      );
    });
  });

  describe('generic', () => {
    it('starts a build with the payload revision, env and build args', async () => {
      const response = await hook('gen', 'gen-secret-1', 'generic', {
        headers: { 'content-type': 'application/json' },
        body: webhookFixture('generic-git.json'),
      });
      const build = (await response.json()) as Build & {
        spec: {
          strategy: {
            dockerStrategy: { env?: unknown[]; buildArgs?: unknown[]; noCache?: boolean };
          };
        };
      };
      expect(response.status).toBe(200);
      expect(response.headers.get('warning')).toBeNull();
      expect(build.spec.revision?.git?.commit).toBe('d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7');
      expect(build.spec.strategy.dockerStrategy).toMatchObject({
        env: [{ name: 'RELEASE', value: '1.4.2' }],
        buildArgs: [{ name: 'NODE_VERSION', value: '22' }],
        noCache: true,
      });
      expect(build.spec.triggeredBy[0]).toMatchObject({
        message: 'Generic WebHook',
        genericWebHook: { secret: '<secret>' },
      });
    });

    it('builds anyway when the body does not parse, with a warning', async () => {
      const response = await hook('gen', 'gen-secret-1', 'generic', {
        headers: { 'content-type': 'application/json' },
        body: '{"git": {',
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Build).kind).toBe('Build');
      expect(response.headers.get('warning')).toMatch(/^299 - ".*could not be parsed/);
    });

    it('builds without a body at all', async () => {
      const response = await hook('gen', 'gen-secret-1', 'generic');
      expect(response.status).toBe(200);
      expect(response.headers.get('warning')).toMatch(/invalid Content-Type/);
    });

    it('takes bodies beyond the API limit of 3 MiB, up to 10 MiB', async () => {
      const response = await hook('gen', 'gen-secret-1', 'generic', {
        headers: { 'content-type': 'application/json' },
        body: `{"type":"Git","padding":"${'x'.repeat(5 * 1024 * 1024)}"}`,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('warning')).toMatch(/no git information/);
    });

    it('answers 413 to a body over 10 MiB', async () => {
      const response = await hook('gen', 'gen-secret-1', 'generic', {
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      });
      expect(response.status).toBe(413);
    });
  });

  describe('a BuildConfig with a binary source', () => {
    it.each([
      ['generic', { 'content-type': 'application/json' }, '{}'],
      ['github', json({ 'X-GitHub-Event': 'push' }), webhookFixture('github-push.json')],
    ])(
      'answers %s with 400 pointing at instantiatebinary, and starts nothing',
      async (type, headers, body) => {
        const response = await hook('uploaded', 'bin-secret-1', type, { headers, body });
        const status = (await response.json()) as Status;
        expect(response.status).toBe(400);
        expect(status).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
        expect(status.message).toBe(
          'BuildConfig a/uploaded has a binary source: start it with instantiatebinary (e.g. oc start-build --from-dir), not a webhook',
        );
        expect(await buildsOf('uploaded')).toBe(0);
      },
    );

    it('tells a caller without the secret nothing about it', async () => {
      const response = await hook('uploaded', 'wrong', 'generic', { body: '' });
      expect(response.status).toBe(401);
    });
  });

  describe('routing', () => {
    it('answers 404 for an unknown type, 405 for GET and 400 for another path', async () => {
      expect((await hook('gh', 'gh-secret-1', 'gitea')).status).toBe(404);
      expect((await hook('gh', 'gh-secret-1', 'github', { method: 'GET' })).status).toBe(405);
      const shape = await fetch(`${api.url}${bcPath(NS, 'gh')}/webhooks/gh-secret-1`, {
        method: 'POST',
      });
      expect(shape.status).toBe(400);
    });
  });
});
