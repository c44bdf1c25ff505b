import { chmodSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { stopPid } from '@kiln/farm';
import { freeFarmPorts, makeTempDir } from '@kiln/testing';
import { run, say, sh } from './shell.js';

export const root = join(import.meta.dirname, '..', '..');
const farmMain = join(root, 'infra', 'local', 'dist', 'main.js');

type Step = { name: string; startTime?: string; durationMilliseconds?: number };
export type Build = {
  metadata: { name: string; uid: string; creationTimestamp?: string };
  status: {
    phase: string;
    reason?: string;
    message?: string;
    startTimestamp?: string;
    completionTimestamp?: string;
    stages?: { name: string; startTime?: string; durationMilliseconds?: number; steps?: Step[] }[];
    output?: { to?: { imageDigest?: string } };
  };
};

/** A whole farm on free loopback ports with its state in a temp dir, driven through REST. */
export type BenchFarm = {
  api: string;
  registry: string;
  natsUrl: string;
  namespace: string;
  state: string;
  postgresPort: string;
  /** Env every Kiln service of this farm gets on top of the bench's own (profiling hooks). */
  serviceEnv: Record<string, string>;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** POSTs a file as the body of instantiatebinary; resolves with the Build when it is stored. */
  upload(buildConfig: string, body: () => Readable, size: number): Promise<Build>;
  authorization: string;
  /** The pid of each part `up` started (build-api, workers, nats, postgres, registry…). */
  parts(): { name: string; pid: number }[];
  stopPart(name: string): Promise<void>;
  logFile(part: string): string;
  stop(): Promise<void>;
};

/** Starts the farm as e2e/test/support/farm.ts does, and builds its base image into the registry. */
export async function startBenchFarm(serviceEnv: Record<string, string> = {}): Promise<BenchFarm> {
  const dir = makeTempDir('bench');
  chmodSync(dir.path, 0o755);
  const state = join(dir.path, 'state');
  const ports = await freeFarmPorts();
  const env = {
    KILN_ROOT: root,
    KILN_STATE_DIR: state,
    XDG_CONFIG_HOME: join(dir.path, 'config'),
    ...ports,
  };
  say(`starting a farm in ${state}`);
  const up = await run(process.execPath, [farmMain, 'up'], {
    env: { ...process.env, ...env, ...serviceEnv },
    timeout: 180_000,
  });
  const token = /Admin token\s+(\S+)/.exec(up.stdout)?.[1] ?? '';
  const registry = `127.0.0.1:${ports.KILN_REGISTRY_PORT}`;
  await sh(
    join(root, 'infra', 'images', 'build-images.sh'),
    [registry, join(dir.path, 'images'), 'base'],
    {
      timeout: 300_000,
    },
  );
  const api = `http://127.0.0.1:${ports.KILN_API_PORT}`;
  const namespace = 'bench';
  const authorization = `Bearer ${token}`;
  const url = (path: string) =>
    path.startsWith('/')
      ? `${api}${path}`
      : `${api}/apis/build.openshift.io/v1/namespaces/${namespace}/${path}`;
  const readParts = () =>
    (
      JSON.parse(readFileSync(join(state, 'farm.json'), 'utf8')) as {
        parts: { name: string; pid: number }[];
      }
    ).parts;
  const stopped = new Set<string>();
  const farm: BenchFarm = {
    api,
    registry,
    natsUrl: `nats://127.0.0.1:${ports.KILN_NATS_PORT}`,
    namespace,
    state,
    postgresPort: ports.KILN_POSTGRES_PORT ?? '',
    serviceEnv,
    authorization,
    async call(method, path, body) {
      const response = await fetch(url(path), {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) as unknown };
      } catch {
        return { status: response.status, body: text };
      }
    },
    upload(buildConfig, body, size) {
      return new Promise((resolve, reject) => {
        const req = request(
          url(`buildconfigs/${buildConfig}/instantiatebinary`),
          {
            method: 'POST',
            headers: {
              authorization,
              'content-type': 'application/octet-stream',
              'content-length': size,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode === 201) {
                resolve(JSON.parse(text) as Build);
              } else {
                reject(new Error(`instantiatebinary: ${res.statusCode ?? 0} ${text}`));
              }
            });
          },
        );
        req.on('error', reject);
        body().pipe(req);
      });
    },
    parts: () => readParts().filter((p) => !stopped.has(p.name)),
    async stopPart(name) {
      const part = readParts().find((p) => p.name === name);
      if (part) {
        await stopPid(part.pid, 15_000);
        stopped.add(name);
      }
    },
    logFile: (part) => join(state, 'logs', `${part}.log`),
    async stop() {
      await run(process.execPath, [farmMain, 'down'], { env: { ...process.env, ...env } }).catch(
        () => undefined,
      );
      // Buildah's overlay driver keeps its storage mounted; release it before removing the dir.
      await run('sh', [
        '-c',
        `grep -o '${dir.path}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
      ]).catch(() => undefined);
      if (process.env.KILN_BENCH_KEEP_STATE) {
        say(`state kept in ${dir.path}`);
      } else {
        dir.remove();
      }
    },
  };
  return farm;
}
