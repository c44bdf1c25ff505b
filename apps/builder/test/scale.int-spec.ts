import type { RegistryClient } from '@kiln/artifact-store';
import { EventBus, Subjects } from '@kiln/events';
import { makeTempDir } from '@kiln/testing';
import {
  aJob,
  builderMetric,
  Outcomes,
  publishJob,
  type TestBuilder,
  startBuilderTestBed,
  type BuilderTestBed,
} from './support.js';

type Builder = TestBuilder;

/** Three builder processes sharing one durable consumer, as a scaled-out farm runs them. */
describe('builders at scale', () => {
  let bed: BuilderTestBed;
  let client: RegistryClient;
  let bus: EventBus;
  let outcomes: Outcomes;
  let base = '';
  let builders: Builder[] = [];
  const state = makeTempDir('builders');

  const metric = (builder: Builder, name: string): Promise<number> =>
    builderMetric(builder.port, name);

  beforeAll(async () => {
    bed = await startBuilderTestBed(state);
    ({ client, base, bus, outcomes } = bed);
    for (let i = 0; i < 3; i++) {
      await bed.startBuilder();
    }
    builders = bed.builders;
  }, 180_000);

  afterAll(async () => {
    await bed.stop();
  }, 60_000);

  it('builds 12 queued builds exactly once each, spread across the builders', async () => {
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        aJob(client, {
          dockerfile: `FROM ${base}\nRUN echo build-${i} > /n && sleep 1\n`,
          baseImages: [base],
          buildConfig: `app-${i}`,
        }),
      ),
    );
    for (const job of jobs) {
      await publishJob(bus, job);
    }
    for (const job of jobs) {
      expect(await outcomes.wait(job.build.metadata.uid, 180_000)).toMatchObject({
        subject: Subjects.ImageBuilt,
      });
    }
    await new Promise((r) => setTimeout(r, 1000));
    for (const job of jobs) {
      expect(outcomes.all(job.build.metadata.uid)).toHaveLength(1);
    }
    const perBuilder = await Promise.all(
      builders.map((b) => metric(b, 'kiln_builder_builds_total{outcome="built"}')),
    );
    expect(perBuilder.reduce((a, b) => a + b, 0)).toBe(12);
    expect(perBuilder.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('redelivers the build of a builder killed with -9 to another one, and builds it once', async () => {
    const job = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN sleep 6 && echo survived > /s\n`,
      baseImages: [base],
      buildConfig: 'killed',
    });
    await publishJob(bus, job);
    let victim: Builder | undefined;
    for (let i = 0; i < 100 && !victim; i++) {
      for (const b of builders) {
        if ((await metric(b, 'kiln_builder_running_builds')) > 0) {
          victim = b;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(victim).toBeDefined();
    victim?.process.kill('SIGKILL');
    const outcome = await outcomes.wait(job.build.metadata.uid, 120_000);
    expect(outcome).toMatchObject({ subject: Subjects.ImageBuilt });
    await new Promise((r) => setTimeout(r, 2000));
    expect(outcomes.all(job.build.metadata.uid)).toHaveLength(1);
  }, 180_000);
});
