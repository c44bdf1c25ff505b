import { UsageError } from '../errors.js';
import { Resources } from '../api/resources.js';
import { aBuild, aBuildConfig, bcPath, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseDescribeArgs } from './describe.js';

describe('parseDescribeArgs', () => {
  it('accepts TYPE NAME... and TYPE/NAME', () => {
    expect(parseDescribeArgs(['bc', 'a', 'b'])).toEqual({
      type: Resources.buildConfigs,
      names: ['a', 'b'],
    });
    expect(parseDescribeArgs(['build/x'])).toEqual({ type: Resources.builds, names: ['x'] });
  });

  it.each([[[]], [['bc']], [['secret', 'x']], [['bc/a', 'b']]])('refuses %j', (args) => {
    expect(() => parseDescribeArgs(args)).toThrow(UsageError);
  });
});

describe('kiln describe', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('describes a BuildConfig: strategy, source, triggers, webhook URLs and recent builds', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig() });
    api.on('GET', buildPath('demo'), {
      json: {
        items: [
          aBuild(),
          {
            ...aBuild(),
            metadata: {
              name: 'hello-2',
              annotations: { 'openshift.io/build.number': '2' },
              creationTimestamp: '2025-01-01T10:00:00Z',
            },
            status: { phase: 'Failed' },
          },
        ],
      },
    });

    const run = await runKiln(api.url, ['describe', 'bc', 'hello']);

    expect(run.code).toBe(0);
    expect(api.requests[1]?.query.get('labelSelector')).toBe(
      'openshift.io/build-config.name=hello',
    );
    const out = run.stdout;
    expect(out).toContain('Name:            hello\n');
    expect(out).toContain('Latest Version:  3\n');
    expect(out).toContain('Strategy:   Docker\n');
    expect(out).toContain('URL:        https://example.com/org/hello.git\n');
    expect(out).toContain('Ref:        main\n');
    expect(out).toContain('Output to:  DockerImage 127.0.0.1:5000/demo/hello:latest\n');
    expect(out).toContain('Triggered by:      Config\n');
    expect(out).toContain(
      `  URL:             ${api.url}/apis/build.openshift.io/v1/namespaces/demo/buildconfigs/hello/webhooks/<secret>/github\n`,
    );
    expect(out).toContain('Webhook Generic:\n');
    expect(out).toContain('  AllowEnv:        true\n');
    expect(out).not.toContain('gh-secret');
    const table = out.slice(out.indexOf('Build     Status'));
    expect(table.split('\n').slice(0, 3)).toEqual([
      'Build     Status     Duration   Creation Time',
      'hello-3   complete   1m2s       2025-01-01T11:50:00Z',
      'hello-2   failed                2025-01-01T10:00:00Z',
    ]);
  });

  it('describes a build: status, stages with durations, digest, cause and the Dockerfile used', async () => {
    const build = aBuild({
      status: {
        ...aBuild().status!,
        phase: 'Failed',
        reason: 'DockerBuildFailed',
        message: 'Docker build strategy has failed.',
        logSnippet: 'error: exit status 1',
        stages: [
          {
            name: 'FetchInputs',
            durationMilliseconds: 2100,
            steps: [{ name: 'FetchGitSource', durationMilliseconds: 2100 }],
          },
          {
            name: 'Build',
            durationMilliseconds: 50_000,
            steps: [{ name: 'DockerBuild', durationMilliseconds: 50_000 }],
          },
        ],
      },
    });
    api.on('GET', buildPath('demo', 'hello-3'), { json: build });
    api.on('GET', `${buildPath('demo', 'hello-3')}/dockerfile`, { text: 'FROM base\nRUN make\n' });

    const run = await runKiln(api.url, ['describe', 'build', 'hello-3']);

    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Status:              Failed (DockerBuildFailed)\n');
    expect(out).toContain('Message:             Docker build strategy has failed.\n');
    expect(out).toContain('Duration:            1m2s\n');
    expect(out).toContain('  FetchInputs:       2s\n');
    expect(out).toContain('    FetchGitSource:  2s\n');
    expect(out).toContain('  Build:             50s\n');
    expect(out).toContain(`Image Digest:  sha256:${'ab'.repeat(32)}\n`);
    expect(out).toContain('Commit:     0123456789abcdef0123456789abcdef01234567 (Say hello)\n');
    expect(out).toContain('Build trigger cause:  Manually triggered\n');
    expect(out).toContain('Log Tail:\n  error: exit status 1\n');
    expect(out.endsWith('Dockerfile:\n  FROM base\n  RUN make\n')).toBe(true);
  });

  it('leaves the Dockerfile out when the API has none for the build', async () => {
    api.on('GET', buildPath('demo', 'hello-3'), { json: aBuild() });
    api.on('GET', `${buildPath('demo', 'hello-3')}/dockerfile`, statusReply(404, 'NotFound', 'no'));

    const run = await runKiln(api.url, ['describe', 'build/hello-3']);

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Dockerfile:');
  });

  it('fails with the server message for a missing object', async () => {
    api.on(
      'GET',
      bcPath('demo', 'nope'),
      statusReply(404, 'NotFound', 'buildconfigs.build.openshift.io "nope" not found'),
    );

    const run = await runKiln(api.url, ['describe', 'bc', 'nope']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: buildconfigs.build.openshift.io "nope" not found\n');
  });
});
