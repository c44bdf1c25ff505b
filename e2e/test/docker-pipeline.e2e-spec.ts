import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir, startTestRegistry } from '@kiln/testing';
import { expectBuildImage } from './support/build-image.js';
import { expectOpenShiftStages } from './support/build-stages.js';
import { run, startFarm, type Build, type Farm } from './support/farm.js';

const CANARY = 'e2e-canary-3b7f19d2aa';
// kiln/base sets no USER and `CMD ["/bin/sh"]`; the web app's Dockerfile its own CMD.
const FROM_BASE = { user: '', cmd: ['/bin/sh'] };
const WEB_APP = { user: '', cmd: ['cat', '/hello.txt'] };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** True when no blob of the image (layers gunzipped, config, manifest) contains `text`. */
async function imageFreeOf(image: string, text: string, creds?: string): Promise<boolean> {
  const dir = makeTempDir('scan');
  try {
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      ...(creds ? [`--src-creds=${creds}`] : []),
      `docker://${image}`,
      `dir:${dir.path}/img`,
    ]);
    return readdirSync(join(dir.path, 'img')).every((file) => {
      const raw = readFileSync(join(dir.path, 'img', file));
      const content = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      return !content.includes(text);
    });
  } finally {
    dir.remove();
  }
}

/** Docker-strategy builds through the whole farm: git refs, secrets, push auth, triggers, policies. */
describe('Docker builds through the whole farm', () => {
  let farm: Farm;
  let commit = '';

  const dockerBc = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: { to: { kind: 'DockerImage', name: `${farm.registry}/e2e/${name}:latest` } },
      ...spec,
    },
  });
  const inline = (dockerfile: string) => ({ dockerfile });
  const start = async (bc: string): Promise<string> => {
    const started = await farm.call('POST', `buildconfigs/${bc}/instantiate`, {
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: bc },
    });
    expect(started.status).toBe(201);
    return (started.body as Build).metadata.name;
  };

  const waitPhase = async (name: string, phase: string): Promise<void> => {
    for (let i = 0; i < 300; i++) {
      const { body } = await farm.call('GET', `builds/${name}`);
      if ((body as Build).status.phase === phase) {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${name} never reached ${phase}`);
  };

  beforeAll(async () => {
    farm = await startFarm(['base']);
    const repo = farm.gitRepo('web-app');
    const files = {
      'web/Dockerfile': `FROM ${farm.registry}/kiln/base:latest\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n`,
      'web/hello.txt': 'from the main branch\n',
    };
    commit = repo.commit(files, 'first');
    repo.git('tag', 'v1');
    repo.commit({ 'web/hello.txt': 'from a later commit\n' }, 'second');
  }, 300_000);

  afterAll(async () => {
    await farm.stop();
  }, 60_000);

  it.each([
    ['a branch', 'main', 'from a later commit'],
    ['a tag', 'v1', 'from the main branch'],
    ['a commit SHA', 'SHA', 'from the main branch'],
  ])(
    'builds from git at %s with a contextDir',
    async (_what, ref, expected) => {
      const name = `git-${ref === 'SHA' ? 'sha' : ref.replace('.', '-')}`;
      const gitRef = ref === 'SHA' ? commit : ref;
      const bc = dockerBc(name, {
        source: {
          type: 'Git',
          git: { uri: `${farm.gitUrl}web-app`, ref: gitRef },
          contextDir: 'web',
        },
      });
      expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
      const build = await farm.waitTerminal(await start(name));
      expect(build.status).toMatchObject({ phase: 'Complete' });
      expect(expectOpenShiftStages(build)).toMatchObject({
        FetchInputs: [
          'FetchGitSource',
          'StoreSourceBundle',
          'GenerateDockerfile',
          'PullSourceBundle',
        ],
        Build: ['DockerBuild'],
        PushImage: ['StoreStagingImage', 'PushDockerImage'],
      });
      await expectBuildImage(farm, build, WEB_APP);
      const image = `${farm.registry}/e2e/${name}:latest`;
      expect(await farm.runImage(image, ['cat', '/hello.txt'])).toBe(`${expected}\n`);
      const inspected = await farm.skopeoInspect(image);
      expect(inspected.Labels).toMatchObject({ 'io.openshift.build.source-context-dir': 'web' });
      if (ref === 'SHA') {
        expect(inspected.Labels['io.openshift.build.commit.id']).toBe(commit);
      }
    },
    300_000,
  );

  it('mounts a build-time secret for RUN: used by the build, absent from image and API', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-creds' },
      type: 'Opaque',
      data: { password: b64(CANARY) },
    };
    expect((await farm.call('POST', '/api/v1/namespaces/e2e/secrets', secret)).status).toBe(201);
    const split = `${CANARY.slice(0, 4)}""${CANARY.slice(4)}`;
    const bc = dockerBc('uses-secret', {
      source: inline(
        `FROM ${farm.registry}/kiln/base:latest\nRUN test "$(cat /run/creds/password)" = "${split}" && echo ok > /checked\n`,
      ),
      strategy: {
        type: 'Docker',
        dockerStrategy: {
          volumes: [
            {
              name: 'creds',
              source: { type: 'Secret', secret: { secretName: 'db-creds' } },
              mounts: [{ destinationPath: '/run/creds' }],
            },
          ],
        },
      },
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const name = await start('uses-secret');
    const build = await farm.waitTerminal(name);
    expect(build.status).toMatchObject({ phase: 'Complete' });
    await expectBuildImage(farm, build, FROM_BASE);
    const image = `${farm.registry}/e2e/uses-secret:latest`;
    expect(await farm.runImage(image, ['cat', '/checked'])).toBe('ok\n');
    expect(await imageFreeOf(image, CANARY)).toBe(true);
    const log = await farm.call('GET', `builds/${name}/log`);
    expect(JSON.stringify(log.body)).not.toContain(CANARY);
    expect(JSON.stringify(build)).not.toContain(CANARY);
  }, 300_000);

  it('pushes to a registry with htpasswd auth using the push secret', async () => {
    const auth = { username: 'pusher', password: 'e2e-Push-pw-41' };
    const outside = await startTestRegistry({ auth });
    try {
      const config = {
        auths: { [outside.host]: { auth: b64(`${auth.username}:${auth.password}`) } },
      };
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'outside-push' },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': b64(JSON.stringify(config)) },
      };
      expect((await farm.call('POST', '/api/v1/namespaces/e2e/secrets', secret)).status).toBe(201);
      const bc = dockerBc('pushed-out', {
        source: inline(`FROM ${farm.registry}/kiln/base:latest\nRUN echo out > /out\n`),
        output: {
          to: { kind: 'DockerImage', name: `${outside.host}/team/pushed-out:v1` },
          pushSecret: { name: 'outside-push' },
        },
      });
      expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
      const build = await farm.waitTerminal(await start('pushed-out'));
      expect(build.status).toMatchObject({ phase: 'Complete' });
      await expectBuildImage(farm, build, {
        ...FROM_BASE,
        creds: `${auth.username}:${auth.password}`,
      });
      const { stdout } = await run('skopeo', [
        'inspect',
        '--tls-verify=false',
        `--creds=${auth.username}:${auth.password}`,
        `docker://${outside.host}/team/pushed-out:v1`,
      ]);
      expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(
        build.status.output?.to?.imageDigest,
      );
      expect(JSON.stringify(build)).not.toContain(auth.password);
    } finally {
      await outside.stop();
    }
  }, 300_000);

  it('starts a build from a GitHub push webhook', async () => {
    const bc = dockerBc('hooked', {
      source: {
        type: 'Git',
        git: { uri: `${farm.gitUrl}web-app`, ref: 'main' },
        contextDir: 'web',
      },
      triggers: [{ type: 'GitHub', github: { secret: 'gh-hook-secret' } }],
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const response = await fetch(
      `${farm.api}/apis/build.openshift.io/v1/namespaces/e2e/buildconfigs/hooked/webhooks/gh-hook-secret/github`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
        body: JSON.stringify({
          ref: 'refs/heads/main',
          head_commit: {
            id: commit,
            message: 'first',
            author: { name: 'Kiln Test', email: 'test@kiln.invalid' },
          },
          repository: { clone_url: `${farm.gitUrl}web-app` },
        }),
      },
    );
    expect(response.status).toBeLessThan(300);
    const build = await farm.waitTerminal('hooked-1');
    expect(build.status.phase).toBe('Complete');
    await expectBuildImage(farm, build, WEB_APP);
    expect(JSON.stringify(build.spec)).toContain('GitHub');
  }, 300_000);

  it('cancels a running build, which then ends Cancelled', async () => {
    const bc = dockerBc('long', {
      source: inline(`FROM ${farm.registry}/kiln/base:latest\nRUN sleep 60\n`),
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const name = await start('long');
    await waitPhase(name, 'Running');
    await new Promise((r) => setTimeout(r, 1500));
    const current = (await farm.call('GET', `builds/${name}`)).body as Build;
    const cancel = await farm.call('PUT', `builds/${name}`, {
      ...current,
      status: { ...current.status, cancelled: true },
    });
    expect(cancel.status).toBe(200);
    const build = await farm.waitTerminal(name, 30_000);
    expect(build.status.phase).toBe('Cancelled');
  }, 120_000);

  it('with SerialLatestOnly cancels the queued builds a newer one supersedes', async () => {
    const bc = dockerBc('latest-only', {
      runPolicy: 'SerialLatestOnly',
      source: inline(`FROM ${farm.registry}/kiln/base:latest\nRUN sleep 4\n`),
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    // Pending counts as queued (reference §1.8): let the first build reach Running first.
    const names = [await start('latest-only')];
    await waitPhase(names[0] ?? '', 'Running');
    for (let i = 0; i < 2; i++) {
      names.push(await start('latest-only'));
    }
    const builds = await Promise.all(names.map((n) => farm.waitTerminal(n)));
    expect(builds.map((b) => b.status.phase)).toEqual(['Complete', 'Cancelled', 'Complete']);
    for (const build of [builds[0], builds[2]]) {
      await expectBuildImage(farm, build as Build, FROM_BASE);
    }
  }, 300_000);

  it('ends a build whose post-commit hook fails Failed with PostCommitHookFailed', async () => {
    const bc = dockerBc('hook-fails', {
      source: inline(`FROM ${farm.registry}/kiln/base:latest\nRUN echo built > /built\n`),
      postCommit: { script: 'echo running the tests; exit 7' },
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const build = await farm.waitTerminal(await start('hook-fails'));
    expect(build.status).toMatchObject({ phase: 'Failed', reason: 'PostCommitHookFailed' });
    expect(build.status.logSnippet).toContain('running the tests');
  }, 300_000);

  it('with Serial runs one build at a time, in order', async () => {
    const bc = dockerBc('serial', {
      runPolicy: 'Serial',
      source: inline(`FROM ${farm.registry}/kiln/base:latest\nRUN sleep 1\n`),
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const names = [await start('serial'), await start('serial'), await start('serial')];
    const builds = (await Promise.all(names.map((n) => farm.waitTerminal(n)))) as (Build & {
      status: { startTimestamp?: string; completionTimestamp?: string };
    })[];
    expect(builds.map((b) => b.status.phase)).toEqual(['Complete', 'Complete', 'Complete']);
    for (const build of builds) {
      await expectBuildImage(farm, build, FROM_BASE);
    }
    for (let i = 1; i < builds.length; i++) {
      expect(Date.parse(builds[i]?.status.startTimestamp ?? '')).toBeGreaterThanOrEqual(
        Date.parse(builds[i - 1]?.status.completionTimestamp ?? ''),
      );
    }
  }, 300_000);

  it('records the image user and command the Dockerfile set', async () => {
    const bc = dockerBc('user-cmd', {
      source: inline(`FROM ${farm.registry}/kiln/base:latest\nUSER 1001\nCMD ["echo", "hi"]\n`),
    });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const build = await farm.waitTerminal(await start('user-cmd'));
    await expectBuildImage(farm, build, { user: '1001', cmd: ['echo', 'hi'] });
  }, 300_000);

  it('starts a build when the image its ImageChange trigger watches is pushed anew', async () => {
    const stream = `${farm.registry}/e2e/base-stream:latest`;
    const copy = (format: string[]) =>
      run('skopeo', [
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        ...format,
        `docker://${farm.registry}/kiln/base:latest`,
        `docker://${stream}`,
      ]);
    await copy([]);
    const bc = dockerBc('follows-base', {
      source: inline('FROM scratch\nRUN echo rebuilt > /r\n'),
      strategy: {
        type: 'Docker',
        dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base-stream:latest' } },
      },
      triggers: [{ type: 'ImageChange', imageChange: {} }],
    });
    // The stream exists once the registry's push notification (or the resync) has been seen.
    for (let i = 0; i < 120; i++) {
      if (
        (
          await farm.call(
            'GET',
            '/apis/image.openshift.io/v1/namespaces/e2e/imagestreams/base-stream',
          )
        ).status === 200
      ) {
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const first = await farm.waitTerminal('follows-base-1');
    await expectBuildImage(farm, first, FROM_BASE);

    // The same image converted to a Docker v2 manifest: a new digest on the same tag.
    await copy(['--format', 'v2s2']);
    const second = await farm.waitTerminal('follows-base-2', 180_000);
    await expectBuildImage(farm, second, FROM_BASE);
    const cause = JSON.stringify((second.spec as { triggeredBy?: unknown }).triggeredBy);
    expect(cause).toContain('imageChangeBuild');
    const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', `docker://${stream}`]);
    expect(cause).toContain((JSON.parse(stdout) as { Digest: string }).Digest);
  }, 300_000);
});
