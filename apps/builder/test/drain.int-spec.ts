import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryClient } from '@kiln/artifact-store';
import { Consumers, EventBus, Subjects } from '@kiln/events';
import { makeTempDir } from '@kiln/testing';
import {
  aJob,
  builderMetric,
  Outcomes,
  publishJob,
  readBuildLog,
  run,
  startBuilderTestBed,
  type BuilderTestBed,
  type TestBuilder,
} from './support.js';

type Builder = TestBuilder;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BUILT = 'kiln_builder_builds_total{outcome="built"}';

/** SIGTERM to a builder process running a long build, another builder beside it. */
describe('a builder draining on SIGTERM', () => {
  let bed: BuilderTestBed;
  let client: RegistryClient;
  let bus: EventBus;
  let outcomes: Outcomes;
  let base = '';
  const state = makeTempDir('drain');

  const startBuilder = (drainSeconds?: number): Promise<Builder> =>
    bed.startBuilder({
      KILN_LOG_LEVEL: 'log',
      ...(drainSeconds === undefined ? {} : { KILN_DRAIN_SECONDS: String(drainSeconds) }),
    });

  async function untilRunning(builder: Builder): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await builderMetric(builder.port, 'kiln_builder_running_builds')) > 0) {
        return;
      }
      await sleep(100);
    }
    throw new Error('the build never started on the builder to be stopped');
  }

  /** SIGTERM, returned once the builder says it is draining (it has stopped taking jobs). */
  async function terminate(builder: Builder): Promise<number> {
    const at = Date.now();
    builder.process.kill('SIGTERM');
    for (let i = 0; i < 50; i++) {
      const ready = await fetch(`http://127.0.0.1:${builder.port}/readyz`).catch(() => undefined);
      const body = (await ready?.json().catch(() => undefined)) as
        { info?: Record<string, string> } | undefined;
      if (body?.info?.draining) {
        return at;
      }
      await sleep(100);
    }
    throw new Error('the builder did not start draining');
  }

  /** Every builder job acked: none waits for its ack deadline to be redelivered. */
  async function consumerSettled(): Promise<{ pending: number; ackPending: number }> {
    const info = await bus.jsm.consumers.info(Consumers.builder.stream, Consumers.builder.durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  /** What a stopped builder left: build work dirs, and working containers in its caches. */
  async function leftovers(builder: Builder): Promise<string[]> {
    const work = join(builder.dir, 'work');
    const dirs = existsSync(work) ? readdirSync(work).filter((d) => d.startsWith('build-')) : [];
    const caches = join(builder.dir, 'buildah', 'caches');
    const containers: string[] = [];
    for (const key of existsSync(caches) ? readdirSync(caches) : []) {
      const { stdout } = await run('buildah', ['containers', '-q'], {
        env: { ...process.env, CONTAINERS_STORAGE_CONF: join(caches, key, 'storage.conf') },
      });
      containers.push(...stdout.split('\n').filter(Boolean));
    }
    return [...dirs, ...containers];
  }

  beforeAll(async () => {
    bed = await startBuilderTestBed(state);
    ({ client, base, bus, outcomes } = bed);
  }, 180_000);

  afterAll(async () => {
    await bed.stop();
  }, 60_000);

  it('lets a running build finish within the grace period, then exits; new work goes to the other builder', async () => {
    const draining = await startBuilder(60);
    const long = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN sleep 10 && echo done > /done\n`,
      baseImages: [base],
      buildConfig: 'long',
    });
    await publishJob(bus, long);
    await untilRunning(draining);
    const other = await startBuilder();

    await terminate(draining);
    const quick = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN echo quick > /quick\n`,
      baseImages: [base],
      buildConfig: 'quick',
    });
    const published = Date.now();
    await publishJob(bus, quick);
    expect(await outcomes.wait(quick.build.metadata.uid, 60_000)).toMatchObject({
      subject: Subjects.ImageBuilt,
    });
    // Straight to the other builder: a job lost to the stopped one would wait out its 30 s ack
    // deadline first.
    expect(Date.now() - published).toBeLessThan(Consumers.builder.ackWaitSeconds * 1000);
    expect(await builderMetric(other.port, BUILT)).toBe(1);

    expect(await outcomes.wait(long.build.metadata.uid, 60_000)).toMatchObject({
      subject: Subjects.ImageBuilt,
    });
    const exit = await draining.exited;
    expect(exit.signal).toBe('SIGTERM');
    // Built where it ran: the other builder built nothing more, and the job was acked.
    expect(await builderMetric(other.port, BUILT)).toBe(1);
    expect(await consumerSettled()).toEqual({ pending: 0, ackPending: 0 });
    expect(outcomes.all(long.build.metadata.uid)).toHaveLength(1);

    other.process.kill('SIGTERM');
    expect((await other.exited).signal).toBe('SIGTERM');
  }, 180_000);

  it('hands a build back when the grace period ends first: it is built once, by the other builder', async () => {
    const draining = await startBuilder(2);
    const long = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN sleep 8 && echo done > /done\n`,
      baseImages: [base],
      buildConfig: 'handed-back',
    });
    await publishJob(bus, long);
    await untilRunning(draining);
    const other = await startBuilder();

    const terminated = await terminate(draining);
    const exit = await draining.exited;
    // The 2 s grace, then the build killed and cleaned up.
    expect(exit.at - terminated).toBeLessThan(10_000);
    expect(await leftovers(draining)).toEqual([]);

    expect(await outcomes.wait(long.build.metadata.uid, 90_000)).toMatchObject({
      subject: Subjects.ImageBuilt,
    });
    expect(await builderMetric(other.port, BUILT)).toBe(1);
    await sleep(2000);
    expect(outcomes.all(long.build.metadata.uid)).toHaveLength(1);
    expect(await consumerSettled()).toEqual({ pending: 0, ackPending: 0 });
    expect(await readBuildLog(bus, long.build.metadata.name)).toContain(
      'Builder shutting down: the build goes back to the queue for another builder',
    );
  }, 180_000);
});
