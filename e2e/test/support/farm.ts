import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGitRepo, freeFarmPorts, makeTempDir, type GitRepo } from '@kiln/testing';

export const run = promisify(execFile);
export const root = join(import.meta.dirname, '..', '..', '..');
const farmMain = join(root, 'infra', 'local', 'dist', 'main.js');

export type Build = {
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
  status: {
    phase: string;
    reason?: string;
    message?: string;
    logSnippet?: string;
    outputDockerImageReference?: string;
    output?: { to?: { imageDigest?: string } };
  };
};

export type Farm = {
  api: string;
  registry: string;
  gitUrl: string;
  token: string;
  namespace: string;
  env: NodeJS.ProcessEnv;
  /** A REST call under `/apis/build.openshift.io/v1/namespaces/<namespace>/` (or an absolute path). */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  waitTerminal(name: string, timeoutMs?: number): Promise<Build>;
  /** A git repository served by the farm's git daemon at `${gitUrl}<name>`. */
  gitRepo(name: string): GitRepo;
  /** Runs a command in a container of `image` (pulled into a private store) and returns stdout. */
  runImage(image: string, command: string[]): Promise<string>;
  skopeoInspect(
    image: string,
  ): Promise<{ Digest: string; Labels: Record<string, string>; Env: string[] }>;
  /** Builds `dockerfile` (no context) into the private store and pushes it to `image`. */
  pushImage(dockerfile: string, image: string): Promise<void>;
  /** `farm streams`: the `openshift` namespace's builder streams, as `./kiln up` makes them. */
  createBuilderStreams(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * The whole farm on free ports, with the images named built into its registry; tests drive it
 * through the public REST API only.
 */
export async function startFarm(images: string[] = ['base']): Promise<Farm> {
  const state = makeTempDir('e2e');
  chmodSync(state.path, 0o755);
  const env: NodeJS.ProcessEnv = {
    KILN_ROOT: root,
    KILN_STATE_DIR: join(state.path, 'state'),
    XDG_CONFIG_HOME: join(state.path, 'config'),
    ...(await freeFarmPorts()),
  };
  const api = `http://127.0.0.1:${env.KILN_API_PORT}`;
  const registry = `127.0.0.1:${env.KILN_REGISTRY_PORT}`;
  const imageStore = join(state.path, 'images');
  const release = async (): Promise<void> => {
    await run(process.execPath, [farmMain, 'down'], { env: { ...process.env, ...env } }).catch(
      () => undefined,
    );
    // Buildah's overlay driver keeps its storage mounted; release it before removing the dir.
    await run('sh', [
      '-c',
      `grep -o '${state.path}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
    ]).catch(() => undefined);
    state.remove();
  };
  let token = '';
  try {
    const up = await run(process.execPath, [farmMain, 'up'], {
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    token = /Admin token\s+(\S+)/.exec(up.stdout)?.[1] ?? '';
    await run(join(root, 'infra', 'images', 'build-images.sh'), [registry, imageStore, ...images], {
      timeout: 240_000,
    });
  } catch (error) {
    // The parts that did start would outlive the test run: no one else knows their state dir.
    await release();
    throw error;
  }
  const store = [
    '--root',
    join(imageStore, 'storage'),
    '--runroot',
    join(imageStore, 'run'),
    '--storage-driver',
    'vfs',
  ];
  const namespace = 'e2e';
  const farm: Farm = {
    api,
    registry,
    gitUrl: `git://127.0.0.1:${env.KILN_GIT_PORT}/`,
    token,
    namespace,
    env,
    async call(method, path, body) {
      const url = path.startsWith('/')
        ? `${api}${path}`
        : `${api}/apis/build.openshift.io/v1/namespaces/${namespace}/${path}`;
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // plain text (logs, Dockerfiles)
      }
      return { status: response.status, body: parsed };
    },
    async waitTerminal(name, timeoutMs = 150_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await farm.call('GET', `builds/${name}`);
        const build = body as Build;
        if (['Complete', 'Failed', 'Error', 'Cancelled'].includes(build.status.phase)) {
          return build;
        }
        if (Date.now() > deadline) {
          throw new Error(`${name} still ${build.status.phase}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    gitRepo(name) {
      const base = join(env.KILN_STATE_DIR ?? '', 'git', 'repos');
      mkdirSync(base, { recursive: true });
      return createGitRepo(base, name);
    },
    async runImage(image, command) {
      const { stdout: container } = await run('buildah', [
        ...store,
        'from',
        '--tls-verify=false',
        '--pull-always',
        '-q',
        image,
      ]);
      const id = container.trim();
      try {
        // Buildah 1.28's chroot `run` now and then loses all the output of a process that exits
        // at once (seen once in CI: exit 0, empty stdout, for a command that prints). The
        // command is read-only in every test, so an empty answer is asked again, twice at most;
        // a command that really prints nothing costs three runs and still answers ''.
        let stdout = '';
        for (let attempt = 0; attempt < 3 && stdout === ''; attempt++) {
          ({ stdout } = await run('buildah', [
            ...store,
            'run',
            '--isolation',
            'chroot',
            id,
            '--',
            ...command,
          ]));
        }
        return stdout;
      } finally {
        await run('buildah', [...store, 'rm', id]).catch(() => undefined);
      }
    },
    async skopeoInspect(image) {
      const { stdout } = await run('skopeo', [
        'inspect',
        '--tls-verify=false',
        `docker://${image}`,
      ]);
      return JSON.parse(stdout) as {
        Digest: string;
        Labels: Record<string, string>;
        Env: string[];
      };
    },
    async pushImage(dockerfile, image) {
      const context = makeTempDir('e2e-image');
      try {
        writeFileSync(join(context.path, 'Dockerfile'), dockerfile);
        await run('buildah', [
          ...store,
          'bud',
          '--isolation',
          'chroot',
          '--tls-verify=false',
          '-q',
          '-t',
          image,
          context.path,
        ]);
        await run('buildah', [
          ...store,
          'push',
          '--tls-verify=false',
          '-q',
          image,
          `docker://${image}`,
        ]);
      } finally {
        context.remove();
      }
    },
    async createBuilderStreams() {
      const { stdout } = await run(process.execPath, [farmMain, 'streams'], {
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
      return stdout;
    },
    async stop() {
      await release();
    },
  };
  return farm;
}
