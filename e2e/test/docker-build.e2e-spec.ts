import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeFarmPorts, makeTempDir } from '@kiln/testing';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const farmMain = join(root, 'infra', 'local', 'dist', 'main.js');

type Build = {
  metadata: { name: string };
  status: {
    phase: string;
    reason?: string;
    logSnippet?: string;
    outputDockerImageReference?: string;
    output?: { to?: { imageDigest?: string } };
  };
};

/** The whole farm on free ports, driven through its public REST API only. */
describe('a Docker build through the whole farm', () => {
  const state = makeTempDir('e2e');
  const env: NodeJS.ProcessEnv = {
    KILN_ROOT: root,
    KILN_STATE_DIR: join(state.path, 'state'),
    XDG_CONFIG_HOME: join(state.path, 'config'),
  };
  let api = '';
  let registry = '';
  let token = '';

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api}/apis/build.openshift.io/v1/namespaces/e2e/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

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

  async function waitTerminal(name: string): Promise<Build> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { body } = await call('GET', `builds/${name}`);
      const build = body as Build;
      if (['Complete', 'Failed', 'Error', 'Cancelled'].includes(build.status.phase)) {
        return build;
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} still ${build.status.phase}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    chmodSync(state.path, 0o755);
    Object.assign(env, await freeFarmPorts());
    api = `http://127.0.0.1:${env.KILN_API_PORT}`;
    registry = `127.0.0.1:${env.KILN_REGISTRY_PORT}`;
    const up = await run(process.execPath, [farmMain, 'up'], {
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    token = /Admin token\s+(\S+)/.exec(up.stdout)?.[1] ?? '';
    await run(
      'bash',
      [join(root, 'infra', 'images', 'build-base.sh'), registry, join(state.path, 'images')],
      { timeout: 120_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await run(process.execPath, [farmMain, 'down'], { env: { ...process.env, ...env } }).catch(
      () => undefined,
    );
    // Buildah's overlay driver keeps its storage mounted; release it before removing the dir.
    await run('sh', [
      '-c',
      `grep -o '${state.path}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
    ]).catch(() => undefined);
    state.remove();
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

    const inspected = JSON.parse(
      (
        await run('skopeo', [
          'inspect',
          '--tls-verify=false',
          `docker://${registry}/e2e/app:latest`,
        ])
      ).stdout,
    ) as { Digest: string; Labels: Record<string, string>; Env: string[] };
    expect(inspected.Digest).toBe(build.status.output?.to?.imageDigest);
    expect(inspected.Labels).toMatchObject({
      'io.openshift.build.name': 'app-1',
      'io.openshift.build.namespace': 'e2e',
      'io.kiln.test': 'app',
    });
    // The newline reaches the image as the two characters backslash-n, inside the one ENV: no
    // instruction was injected (OpenShift quotes values the same way).
    expect(inspected.Env).toEqual(
      expect.arrayContaining([
        'OPENSHIFT_BUILD_NAME=app-1',
        'OPENSHIFT_BUILD_NAMESPACE=e2e',
        'GREETING=hi "there"\\nRUN rm -rf /',
      ]),
    );
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
