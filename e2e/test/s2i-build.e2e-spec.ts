import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir } from '@kiln/testing';
import { expectBuildImage, s2iRunCmd } from './support/build-image.js';
import { expectOpenShiftStages } from './support/build-stages.js';
import { publishExample } from './support/examples.js';
import { run, startFarm, type Farm } from './support/farm.js';

// The builders' assemble user, and the CMD an S2I build sets when the run script is the builder's.
const S2I_IMAGE = { user: '1001', cmd: s2iRunCmd() };

const sourceBuildConfig = (
  farm: Farm,
  name: string,
  builder: string,
  extra: Record<string, unknown> = {},
) => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name },
  spec: {
    source: { type: 'Git', git: { uri: `${farm.gitUrl}${name}` } },
    strategy: {
      type: 'Source',
      sourceStrategy: {
        from: { kind: 'DockerImage', name: `${farm.registry}/kiln/${builder}:latest` },
        env: [{ name: 'APP_MODE', value: 'from-buildconfig' }],
        ...extra,
      },
    },
    output: { to: { kind: 'DockerImage', name: `${farm.registry}/e2e/${name}:latest` } },
  },
});

/** S2I builds through the whole farm, from the farm's own builder images. */
describe('an S2I build through the whole farm', () => {
  let farm: Farm;

  beforeAll(async () => {
    farm = await startFarm(['base', 's2i-static', 's2i-nodejs']);
  }, 300_000);

  afterAll(async () => {
    await farm.stop();
  }, 60_000);

  it('builds a Node.js app with .s2i/environment and the strategy env winning', async () => {
    const commit = publishExample(farm, 'nodejs-s2i', 'node-app');
    const bc = sourceBuildConfig(farm, 'node-app', 's2i-nodejs');
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    expect((await farm.call('POST', 'buildconfigs/node-app/instantiate', {})).status).toBe(201);

    const build = await farm.waitTerminal('node-app-1');
    expect(build.status).toMatchObject({ phase: 'Complete' });
    // The farm's first build pulls its builder image; S2I pushes in a step named PushImage.
    expect(expectOpenShiftStages(build)).toMatchObject({
      PullImages: ['PullBaseImage'],
      Build: ['DockerBuild'],
      PushImage: ['StoreStagingImage', 'PushImage'],
    });
    await expectBuildImage(farm, build, S2I_IMAGE);

    const image = `${farm.registry}/e2e/node-app:latest`;
    const inspected = await farm.skopeoInspect(image);
    expect(inspected.Digest).toBe(build.status.output?.to?.imageDigest);
    expect(inspected.Labels).toMatchObject({
      'io.openshift.build.commit.id': commit,
      'io.openshift.build.image': `${farm.registry}/kiln/s2i-nodejs:latest`,
    });
    expect(inspected.Env).toEqual(
      expect.arrayContaining(['GREETING=hello', 'APP_MODE=from-buildconfig']),
    );
    const dockerfile = await farm.call('GET', 'builds/node-app-1/dockerfile');
    expect(dockerfile.status).toBe(200);
    expect(dockerfile.body).toContain(`FROM ${farm.registry}/kiln/s2i-nodejs:latest`);
    expect(dockerfile.body).toContain('RUN /usr/libexec/s2i/assemble');

    const output = await farm.runImage(image, [
      'sh',
      '-c',
      'id -u && node /opt/app-root/src/server.js --once',
    ]);
    expect(output).toContain('1001');
    expect(output).toContain('hello from node-app-1 (mode from-buildconfig)');
  }, 300_000);

  it('runs an assemble script overridden in .s2i/bin, as the assemble user, in one layer over the builder', async () => {
    publishExample(farm, 'static-assemble-override', 'static-site');
    const bc = sourceBuildConfig(farm, 'static-site', 's2i-static');
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    await farm.call('POST', 'buildconfigs/static-site/instantiate', {});
    const build = await farm.waitTerminal('static-site-1');
    await expectBuildImage(farm, build, S2I_IMAGE);

    const image = `${farm.registry}/e2e/static-site:latest`;
    const output = await farm.runImage(image, [
      'sh',
      '-c',
      'cat /opt/app-root/src/stamp.txt; ls /opt/app-root/src; stat -c %u /opt/app-root/src/index.html',
    ]);
    expect(output).toContain('assembled by the override for static-site-1');
    expect(output).toContain('index.html');
    expect(output).toMatch(/^1001$/m);

    const builder = await farm.skopeoInspect(`${farm.registry}/kiln/s2i-static:latest`);
    const built = await farm.skopeoInspect(image);
    const layers = (i: unknown) => (i as { Layers: string[] }).Layers;
    expect(layers(built)).toHaveLength(layers(builder).length + 1);
    expect(layers(built).slice(0, -1)).toEqual(layers(builder));
  }, 300_000);

  it('fails with DockerBuildFailed, naming the step, when the builder image has no assemble script', async () => {
    publishExample(farm, 'static-assemble-override', 'no-scripts');
    const bc = sourceBuildConfig(farm, 'no-scripts', 'base');
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    await farm.call('POST', 'buildconfigs/no-scripts/instantiate', {});
    const build = await farm.waitTerminal('no-scripts-1');
    // The override in .s2i/bin runs, then calls the builder's own assemble, which base lacks.
    expect(build.status.phase).toBe('Failed');
    expect(build.status.reason).toBe('DockerBuildFailed');
    expect(build.status.logSnippet).toContain('/usr/libexec/s2i/assemble');
  }, 300_000);

  it('injects a source secret for assemble only: used, then absent from the image and its layers', async () => {
    const canary = 'e2e-s2i-canary-58c1';
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'npm-token' },
      type: 'Opaque',
      data: { token: Buffer.from(canary).toString('base64') },
    };
    expect((await farm.call('POST', '/api/v1/namespaces/e2e/secrets', secret)).status).toBe(201);
    const repo = farm.gitRepo('uses-secret');
    repo.commit(
      {
        'index.html': '<p>secret-using site</p>\n',
        '.s2i/bin/assemble': [
          '#!/bin/sh',
          'set -e',
          '# The secret is readable while assemble runs; only its length is recorded.',
          'wc -c < /opt/app-root/src/creds/token > /tmp/token-length',
          '/usr/libexec/s2i/assemble',
          'cp /tmp/token-length /opt/app-root/src/token-length',
          '',
        ].join('\n'),
      },
      'site that needs a token at build time',
    );
    repo.git('update-index', '--chmod=+x', '.s2i/bin/assemble');
    repo.git('commit', '-q', '-m', 'executable assemble');
    const bc = sourceBuildConfig(farm, 'uses-secret', 's2i-static');
    (bc.spec.source as Record<string, unknown>).secrets = [
      { secret: { name: 'npm-token' }, destinationDir: 'creds' },
    ];
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    await farm.call('POST', 'buildconfigs/uses-secret/instantiate', {});
    const build = await farm.waitTerminal('uses-secret-1');
    await expectBuildImage(farm, build, S2I_IMAGE);

    const image = `${farm.registry}/e2e/uses-secret:latest`;
    const output = await farm.runImage(image, [
      'sh',
      '-c',
      'cat /opt/app-root/src/token-length; ls /opt/app-root/src/creds 2>&1 || true',
    ]);
    expect(output).toContain(String(canary.length));
    expect(output).not.toContain('token\n');
    const scan = makeTempDir('s2i-scan');
    try {
      await run('skopeo', [
        'copy',
        '--src-tls-verify=false',
        `docker://${image}`,
        `dir:${scan.path}/img`,
      ]);
      for (const file of readdirSync(join(scan.path, 'img'))) {
        const raw = readFileSync(join(scan.path, 'img', file));
        const content = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
        expect(content.includes(canary)).toBe(false);
      }
    } finally {
      scan.remove();
    }
  }, 300_000);

  it('restores the artifacts of the previous image in an incremental build', async () => {
    const repo = farm.gitRepo('incremental');
    repo.commit(
      {
        'package.json': '{"name":"incremental","version":"1.0.0"}\n',
        '.s2i/bin/assemble': [
          '#!/bin/sh',
          'set -e',
          'n=0',
          '[ -f /tmp/artifacts/node_modules/builds ] && n=$(cat /tmp/artifacts/node_modules/builds)',
          '/usr/libexec/s2i/assemble',
          'mkdir -p /opt/app-root/src/node_modules',
          'echo $((n + 1)) > /opt/app-root/src/node_modules/builds',
          '',
        ].join('\n'),
      },
      'an app that counts its incremental builds',
    );
    repo.git('update-index', '--chmod=+x', '.s2i/bin/assemble');
    repo.git('commit', '-q', '-m', 'executable assemble');
    const bc = sourceBuildConfig(farm, 'incremental', 's2i-nodejs', { incremental: true });
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const image = `${farm.registry}/e2e/incremental:latest`;
    for (const [n, expected] of [
      [1, '1'],
      [2, '2'],
    ] as const) {
      await farm.call('POST', 'buildconfigs/incremental/instantiate', {});
      const build = await farm.waitTerminal(`incremental-${n}`);
      await expectBuildImage(farm, build, S2I_IMAGE);
      expect(
        (await farm.runImage(image, ['cat', '/opt/app-root/src/node_modules/builds'])).trim(),
      ).toBe(expected);
    }
  }, 300_000);
});
