import { expectBuildImage } from './support/build-image.js';
import { startFarm, type Build, type Farm } from './support/farm.js';

/** The whole farm on free ports, driven through its public REST API only. */
describe('a Docker build through the whole farm', () => {
  let farm: Farm;
  let registry = '';
  const call = (method: string, path: string, body?: unknown) => farm.call(method, path, body);
  const waitTerminal = (name: string) => farm.waitTerminal(name);

  const buildConfig = (name: string, dockerfile: string) => ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      source: { dockerfile },
      strategy: {
        type: 'Docker',
        dockerStrategy: { env: [{ name: 'GREETING', value: 'hi "there"\nRUN rm -rf /' }] },
      },
      output: {
        to: { kind: 'DockerImage', name: `${registry}/e2e/${name}:latest` },
        imageLabels: [{ name: 'io.kiln.test', value: name }],
      },
    },
  });

  beforeAll(async () => {
    farm = await startFarm(['base']);
    registry = farm.registry;
  }, 300_000);

  afterAll(async () => {
    await farm.stop();
  }, 60_000);

  it('builds an inline Dockerfile, pushes it, and records the digest the registry serves', async () => {
    const dockerfile = `FROM ${registry}/kiln/base:latest AS build\nRUN echo built > /out.txt\nFROM ${registry}/kiln/base:latest\nCOPY --from=build /out.txt /out.txt\nUSER 1001\nCMD ["cat", "/out.txt"]\n`;
    expect((await call('POST', 'buildconfigs', buildConfig('app', dockerfile))).status).toBe(201);
    const started = await call('POST', 'buildconfigs/app/instantiate', {});
    expect(started.status).toBe(201);
    expect((started.body as Build).metadata.name).toBe('app-1');

    const build = await waitTerminal('app-1');
    expect(build.status.phase).toBe('Complete');
    expect(build.status.outputDockerImageReference).toBe(`${registry}/e2e/app:latest`);

    await expectBuildImage(farm, build, { user: '1001', cmd: ['cat', '/out.txt'] });
    const inspected = await farm.skopeoInspect(`${registry}/e2e/app:latest`);
    expect(inspected.Digest).toBe(build.status.output?.to?.imageDigest);
    expect(inspected.Labels).toMatchObject({ 'io.kiln.test': 'app' });
    // The newline reaches the image as the two characters backslash-n, inside the one ENV: no
    // instruction was injected (OpenShift quotes values the same way).
    expect(inspected.Env).toContain('GREETING=hi "there"\\nRUN rm -rf /');
  }, 180_000);

  it('ends a build whose RUN fails as Failed with DockerBuildFailed and the failing step in the log snippet', async () => {
    const dockerfile = `FROM ${registry}/kiln/base:latest\nRUN echo about to fail && exit 3\n`;
    expect((await call('POST', 'buildconfigs', buildConfig('broken', dockerfile))).status).toBe(
      201,
    );
    await call('POST', 'buildconfigs/broken/instantiate', {});
    const build = await waitTerminal('broken-1');
    expect(build.status.phase).toBe('Failed');
    expect(build.status.reason).toBe('DockerBuildFailed');
    expect(build.status.logSnippet).toMatch(/exit status 3|exit 3/);
  }, 180_000);

  it('refuses an invalid BuildConfig with a Status naming the field', async () => {
    const bad = buildConfig('Bad_Name', 'FROM scratch\n');
    const response = await call('POST', 'buildconfigs', bad);
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain('metadata.name');
  });
});
