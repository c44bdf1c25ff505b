import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pushDirectoryBundle, RegistryClient } from '@kiln/artifact-store';
import { findFreePort, type NatsServer, type RegistryServer } from '@kiln/farm';
import { EventBus, LOGS_STREAM, logSubject, Subjects, type EventOf } from '@kiln/events';
import { makeTempDir, startTestNats, startTestRegistry } from '@kiln/testing';

export const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');

/** Builds the farm's busybox base image into a test registry (as `./kiln up` does). */
export async function buildBaseImage(registry: string, storeDir: string): Promise<string> {
  await run(join(root, 'infra', 'images', 'build-images.sh'), [registry, storeDir, 'base'], {
    timeout: 120_000,
  });
  return `${registry}/kiln/base:latest`;
}

type Job = EventOf<typeof Subjects.DockerfileGenerated>;

/** A DockerfileGenerated job for a context made of `files`, pushed as a bundle. */
export async function aJob(
  registry: RegistryClient,
  options: {
    dockerfile: string;
    baseImages: string[];
    buildConfig?: string;
    files?: Record<string, string>;
    buildArgs?: Record<string, string>;
    volumes?: Job['volumes'];
  },
): Promise<Job> {
  const uid = randomUUID();
  const bc = options.buildConfig ?? 'app';
  const dir = makeTempDir('ctx');
  try {
    for (const [name, content] of Object.entries(options.files ?? { README: 'context\n' })) {
      mkdirSync(join(dir.path, name, '..'), { recursive: true });
      writeFileSync(join(dir.path, name), content);
    }
    const bundle = await pushDirectoryBundle(registry, 'kiln-sources/team', dir.path);
    return {
      build: {
        metadata: {
          name: `${bc}-${uid.slice(0, 6)}`,
          namespace: 'team',
          uid,
          labels: { buildconfig: bc, 'openshift.io/build-config.name': bc },
        },
        spec: { strategy: { type: 'Docker', dockerStrategy: {} } },
      },
      bundle: { repository: bundle.repository, digest: bundle.digest, size: bundle.size },
      dockerfile: options.dockerfile,
      buildArgs: options.buildArgs ?? {},
      baseImages: options.baseImages,
      steps: [],
      contextDir: '',
      layers: 'None',
      injections: [],
      volumes: options.volumes ?? [],
    };
  } finally {
    dir.remove();
  }
}

export type Outcome = { subject: string; data: Record<string, unknown> & { reason?: string } };

/** Collects every builder outcome event by build uid. */
export class Outcomes {
  private readonly seen = new Map<string, Outcome[]>();
  private readonly waiters = new Map<string, (o: Outcome) => void>();

  constructor(bus: EventBus) {
    bus.connection.subscribe('kiln.v1.stage.image.>', {
      callback: (_e, msg) => {
        const event = msg.json<{
          data: Record<string, unknown> & { build: { metadata?: { uid: string }; uid?: string } };
        }>();
        const uid = event.data.build.metadata?.uid ?? event.data.build.uid ?? '';
        const outcome = { subject: msg.subject, data: event.data };
        this.seen.set(uid, [...(this.seen.get(uid) ?? []), outcome]);
        this.waiters.get(uid)?.(outcome);
      },
    });
  }

  all(uid: string): Outcome[] {
    return this.seen.get(uid) ?? [];
  }

  wait(uid: string, timeoutMs = 120_000): Promise<Outcome> {
    const first = this.seen.get(uid)?.[0];
    if (first) {
      return Promise.resolve(first);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no outcome for ${uid}`)), timeoutMs);
      this.waiters.set(uid, (o) => {
        clearTimeout(timer);
        resolve(o);
      });
    });
  }
}

export const publishJob = async (bus: EventBus, job: Job): Promise<void> => {
  await bus.publish(Subjects.DockerfileGenerated, job, {
    msgId: `${job.build.metadata.uid}:dockerfile-generated`,
  });
};

/** A builder as its own process (`node dist/main.js`), so a test can kill -9 it. */
export function spawnBuilder(env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'apps', 'builder', 'dist', 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stdout?.on('data', (d: Buffer) => lines.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => lines.push(d.toString()));
  child.on('exit', () => writeFileSync(logFile, lines.join('')));
  return child;
}

export type BuilderProcess = {
  process: ChildProcess;
  /** Its health port: /readyz and /metrics. */
  port: number;
  /** Resolves when the process exits, with when it did. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};

/** A builder process (spawnBuilder) on a free health port, returned once /readyz answers. */
export async function startBuilderProcess(
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<BuilderProcess> {
  const port = await findFreePort();
  const process = spawnBuilder({ ...env, HEALTH_PORT: String(port) }, logFile);
  const exited = new Promise<Awaited<BuilderProcess['exited']>>((resolve) =>
    process.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.ok) {
      return { process, port, exited };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill('SIGKILL');
  throw new Error(`builder did not become ready (log: ${logFile})`);
}

/** The sum of a metric's samples on a builder's /metrics; 0 once the builder is gone. */
export async function builderMetric(port: number, name: string): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  } catch {
    return 0;
  }
}

/** Every line of a build's log as stored in the KILN_LOGS stream, joined by newlines. */
export async function readBuildLog(
  bus: EventBus,
  build: string,
  namespace = 'team',
): Promise<string> {
  await new Promise((r) => setTimeout(r, 500)); // the writer flushes asynchronously
  const consumer = await bus.js.consumers.get(LOGS_STREAM.name, {
    filter_subjects: logSubject(namespace, build),
  });
  const lines: string[] = [];
  const messages = await consumer.fetch({ max_messages: 10_000, expires: 1000 });
  for await (const msg of messages) {
    lines.push(msg.json<{ line: string }>().line);
    if (msg.info.pending === 0) {
      break;
    }
  }
  return lines.join('\n');
}

/**
 * Removes a test's state dir, unmounting first whatever buildah left mounted under it (a
 * killed builder leaves its overlay mounts behind).
 */
export async function removeBuilderState(state: { path: string; remove(): void }): Promise<void> {
  await run('sh', [
    '-c',
    `grep -o '${state.path}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
  ]).catch(() => undefined);
  state.remove();
}

/** A builder process a test bed started, with its own dir (buildah root, work dir, log). */
export type TestBuilder = BuilderProcess & { dir: string };

/** What tests running builder processes share; `stop` ends it all and removes the state dir. */
export type BuilderTestBed = {
  nats: NatsServer;
  registry: RegistryServer;
  client: RegistryClient;
  /** A base image in the registry, made locally. */
  base: string;
  bus: EventBus;
  outcomes: Outcomes;
  /** Every builder started so far, in order. */
  builders: TestBuilder[];
  /** A builder process on this bed (one build at a time), `env` added to its own. */
  startBuilder(env?: NodeJS.ProcessEnv): Promise<TestBuilder>;
  stop(): Promise<void>;
};

/** NATS with Kiln's streams, a registry holding a base image, and a collector of outcomes. */
export async function startBuilderTestBed(state: {
  path: string;
  remove(): void;
}): Promise<BuilderTestBed> {
  const [nats, registry] = await Promise.all([startTestNats(), startTestRegistry()]);
  const client = new RegistryClient({ host: registry.host, insecure: true });
  const base = await buildBaseImage(registry.host, join(state.path, 'images'));
  const bus = await EventBus.connect(nats.url, 'kiln/test');
  await bus.ensureStreams();
  const builders: TestBuilder[] = [];
  return {
    nats,
    registry,
    client,
    base,
    bus,
    outcomes: new Outcomes(bus),
    builders,
    async startBuilder(env = {}) {
      const dir = join(state.path, `builder-${builders.length}`);
      const builder = await startBuilderProcess(
        {
          NATS_URL: nats.url,
          REGISTRY_HOST: registry.host,
          KILN_BUILDAH_ROOT: join(dir, 'buildah'),
          KILN_WORK_DIR: join(dir, 'work'),
          KILN_BUILDER_CONCURRENCY: '1',
          KILN_LOG_LEVEL: 'warn',
          ...env,
        },
        `${dir}.log`,
      );
      builders.push({ ...builder, dir });
      return { ...builder, dir };
    },
    async stop() {
      for (const b of builders) {
        b.process.kill('SIGKILL');
      }
      await bus.close();
      await Promise.all([nats.stop(), registry.stop()]);
      await removeBuilderState(state);
    },
  };
}
