import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MediaTypes, pullBundleRef, RegistryClient } from '@kiln/artifact-store';
import type { NatsServer, RegistryServer } from '@kiln/farm';
import {
  EventBus,
  RpcBus,
  RpcSubjects,
  Subjects,
  logSubject,
  type EventOf,
  type ResolvedObject,
} from '@kiln/events';
import { startWorker } from '@kiln/service-kit';
import { makeTempDir, startTestNats, startTestRegistry } from '@kiln/testing';
import { AppModule } from '../../src/app.module.js';
import { sourceFetcherEnv } from '../../src/config/source-fetcher.config.js';

export type Outcome = {
  subject: string;
  /** SourceFetched or SourceFetchFailed's payload. */
  data: Record<string, unknown> & {
    reason?: string;
    message?: string;
    bundle?: { repository: string; digest: string; size: number };
    revision?: Record<string, string>;
    steps?: { name: string; startTime: string; durationMilliseconds: number }[];
  };
  /** The build's log lines, as a user would read them. */
  log: string[];
};

export type Binary = NonNullable<EventOf<typeof Subjects.BuildRequested>['binary']>;

/** Plays build-api around a real source-fetcher: real NATS, registry and worker. */
export class FetcherHarness {
  readonly secrets = new Map<string, ResolvedObject>();
  private constructor(
    readonly nats: NatsServer,
    readonly registry: RegistryServer,
    readonly app: INestApplication,
    readonly work: { path: string; remove: () => void },
    readonly client: RegistryClient,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<FetcherHarness> {
    const [nats, registry] = await Promise.all([startTestNats(), startTestRegistry()]);
    const work = makeTempDir('fetcher');
    const app = await startWorker('source-fetcher', sourceFetcherEnv, (c) => AppModule.forRoot(c), {
      NATS_URL: nats.url,
      REGISTRY_HOST: registry.host,
      KILN_LOG_LEVEL: 'error',
      KILN_WORK_DIR: join(work.path, 'work'),
      KILN_RETENTION_SWEEP_SECONDS: '0',
      ...env,
    });
    const harness = new FetcherHarness(
      nats,
      registry,
      app,
      work,
      new RegistryClient({ host: registry.host }),
    );
    // build-api answers ResolveObjects in a farm; here the harness plays that part.
    app.get(RpcBus).respond(
      RpcSubjects.ResolveObjects,
      (request) =>
        Promise.resolve({
          objects: request.refs.flatMap((r) => harness.secrets.get(r.name) ?? []),
          missing: request.refs.filter((r) => !harness.secrets.has(r.name)),
        }),
      { error: () => undefined, warn: () => undefined, log: () => undefined },
    );
    return harness;
  }

  get bus(): EventBus {
    return this.app.get(EventBus);
  }

  /** Adds a Secret as build-api would return it (values base64). */
  secret(name: string, data: Record<string, string>, type = 'Opaque'): void {
    this.secrets.set(name, {
      kind: 'Secret',
      name,
      type,
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
    });
  }

  /** Publishes BuildRequested and waits for the stage's outcome and the log. */
  async fetch(
    spec: Record<string, unknown>,
    options: { binary?: Binary; namespace?: string; uid?: string; publishes?: number } = {},
  ): Promise<Outcome> {
    const uid = options.uid ?? randomUUID();
    const namespace = options.namespace ?? 'team';
    const name = `app-${uid.slice(0, 8)}`;
    const log: string[] = [];
    const logs = this.bus.connection.subscribe(logSubject(namespace, name), {
      callback: (_e, msg) => {
        log.push(msg.json<{ line: string }>().line);
      },
    });
    const outcome = new Promise<Omit<Outcome, 'log'>>((resolve) => {
      const sub = this.bus.connection.subscribe('kiln.v1.stage.source.>', {
        callback: (_e, msg) => {
          const event = msg.json<{
            data: Outcome['data'] & { build: { uid?: string; metadata?: { uid: string } } };
          }>();
          const id = event.data.build.uid ?? event.data.build.metadata?.uid;
          if (id === uid) {
            sub.unsubscribe();
            resolve({ subject: msg.subject, data: event.data });
          }
        },
      });
    });
    for (let i = 0; i < (options.publishes ?? 1); i++) {
      await this.bus.publish(
        Subjects.BuildRequested,
        {
          build: { metadata: { name, namespace, uid }, spec },
          ...(options.binary ? { binary: options.binary } : {}),
        },
        { msgId: `${uid}:requested:${i}` },
      );
    }
    const result = await outcome;
    await new Promise((r) => setTimeout(r, 300)); // the last log lines follow the outcome
    logs.unsubscribe();
    return { ...result, log };
  }

  /** Extracts a fetched bundle, the way the next stage does, into a fresh dir. */
  async extract(bundle: { repository: string; digest: string }): Promise<string> {
    const dir = join(this.work.path, `bundle-${randomUUID().slice(0, 8)}`);
    await pullBundleRef(this.client, bundle, dir);
    return dir;
  }

  /** The bundle's one layer (the source archive), as its manifest describes it. */
  async bundleLayer(bundle: {
    repository: string;
    digest: string;
  }): Promise<{ digest: string; size: number }> {
    const repo = bundle.repository.slice(bundle.repository.indexOf('/') + 1);
    const manifest = await this.client.getManifest(repo, bundle.digest, [MediaTypes.imageManifest]);
    const layers = (
      JSON.parse(manifest.body.toString()) as { layers: { digest: string; size: number }[] }
    ).layers;
    expect(layers).toHaveLength(1);
    return layers[0]!;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await Promise.all([this.nats.stop(), this.registry.stop()]);
    this.work.remove();
  }
}

/**
 * Checks a SourceFetched's step timings: the named steps in order, each started at a parseable
 * ISO time no earlier than the previous step ended, lasting a non-negative number of
 * milliseconds, all within [since, now].
 */
export function expectStepTimings(outcome: Outcome, names: string[], since: number): void {
  const steps = outcome.data.steps ?? [];
  expect(steps.map((s) => s.name)).toEqual(names);
  let previousEnd = since;
  for (const step of steps) {
    const start = Date.parse(step.startTime);
    expect(Number.isNaN(start)).toBe(false);
    expect(step.startTime).toBe(new Date(start).toISOString());
    expect(step.durationMilliseconds).toEqual(expect.any(Number));
    expect(step.durationMilliseconds).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = start + step.durationMilliseconds;
  }
  expect(previousEnd).toBeLessThanOrEqual(Date.now());
}
