import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '@kiln/testing';
import { expectBuildImage, s2iRunCmd } from './support/build-image.js';
import { root, run, startFarm, type Build, type Farm } from './support/farm.js';

const exec = promisify(execFile);
const cliMain = join(root, 'apps', 'cli', 'dist', 'main.js');

/** The kiln CLI against the whole farm: what a user types, and its exit codes. */
describe('the kiln CLI against the farm', () => {
  let farm: Farm;
  const work = makeTempDir('cli-e2e');

  const kiln = async (
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [cliMain, ...args], {
        env: {
          ...process.env,
          KILN_SERVER: farm.api,
          KILN_TOKEN: farm.token,
          KILN_NAMESPACE: 'cli',
          XDG_CONFIG_HOME: join(work.path, 'config'),
        },
        timeout: 240_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  beforeAll(async () => {
    farm = await startFarm(['base', 's2i-static']);
  }, 300_000);

  afterAll(async () => {
    await farm.stop();
    work.remove();
  }, 60_000);

  it('applies a BuildConfig, builds it from a directory with --follow, and exits 0', async () => {
    const bc = join(work.path, 'bc.yaml');
    writeFileSync(
      bc,
      [
        'apiVersion: build.openshift.io/v1',
        'kind: BuildConfig',
        'metadata: {name: site}',
        'spec:',
        '  source: {type: Binary, binary: {}}',
        '  strategy:',
        '    type: Source',
        `    sourceStrategy: {from: {kind: DockerImage, name: "${farm.registry}/kiln/s2i-static:latest"}}`,
        `  output: {to: {kind: DockerImage, name: "${farm.registry}/cli/site:latest"}}`,
        '',
      ].join('\n'),
    );
    const applied = await kiln('apply', '-f', bc);
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.stdout).toContain('site');

    const started = await kiln(
      'start-build',
      'site',
      '--from-dir',
      join(root, 'examples', 'static-assemble-override', 'app'),
      '--follow',
    );
    expect(started.stdout + started.stderr).toContain('Custom assemble for site-1');
    expect(started.code).toBe(0);

    const listed = await kiln('get', 'builds');
    expect(listed.stdout).toMatch(/site-1\s+Source\s+Binary\s+Complete/);
    const logs = await kiln('logs', 'build/site-1');
    expect(logs.stdout).toContain('Installed 1 files');
    const build = await farm.call(
      'GET',
      '/apis/build.openshift.io/v1/namespaces/cli/builds/site-1',
    );
    await expectBuildImage(farm, build.body as Build, { user: '1001', cmd: s2iRunCmd() });
    expect(
      await farm.runImage(`${farm.registry}/cli/site:latest`, [
        'cat',
        '/opt/app-root/src/stamp.txt',
      ]),
    ).toContain('assembled by the override for site-1');
  }, 300_000);

  it('builds from an archive with --wait and exits non-zero when the build fails', async () => {
    const dir = join(work.path, 'broken');
    await run('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${farm.registry}/kiln/base:latest\nRUN exit 9\n`);
    const archive = join(work.path, 'broken.tar.gz');
    await run('tar', ['-czf', archive, '-C', dir, '.']);
    const bc = join(work.path, 'broken.yaml');
    writeFileSync(
      bc,
      `apiVersion: build.openshift.io/v1\nkind: BuildConfig\nmetadata: {name: broken}\nspec:\n  source: {type: Binary, binary: {}}\n  strategy: {type: Docker, dockerStrategy: {}}\n  output: {to: {kind: DockerImage, name: "${farm.registry}/cli/broken:latest"}}\n`,
    );
    expect((await kiln('apply', '-f', bc)).code).toBe(0);
    const result = await kiln('start-build', 'broken', '--from-archive', archive, '--wait');
    expect(result.code).not.toBe(0);
    const described = await kiln('describe', 'build', 'broken-1');
    expect(described.stdout).toContain('DockerBuildFailed');
  }, 300_000);

  it('shows an API error as one line naming the field', async () => {
    const bad = join(work.path, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: build.openshift.io/v1\nkind: BuildConfig\nmetadata: {name: bad}\nspec:\n  source: {dockerfile: "FROM scratch"}\n  strategy: {type: Docker, dockerStrategy: {env: [{name: "1x", value: y}]}}\n',
    );
    const result = await kiln('apply', '-f', bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('spec.strategy.dockerStrategy.env[0].name');
  }, 60_000);
});
