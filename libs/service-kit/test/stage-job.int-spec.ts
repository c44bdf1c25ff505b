import { startTestNats } from '@kiln/testing';
import type { NatsServer } from '@kiln/farm';
import { EventBus, Subjects, type JobContext } from '@kiln/events';
import { runStageJob, StageFailure } from '../src/index.js';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe(runStageJob.name, () => {
  let nats: NatsServer;
  let bus: EventBus;
  let n = 0;

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await EventBus.connect(nats.url, 'stage-job-test');
    await bus.ensureStreams();
  });
  afterAll(async () => {
    await bus.close();
    await nats.stop();
  });

  const aBuild = () => ({ namespace: 'team-a', name: `app-${++n}`, uid: `uid-stage-${n}` });
  const context = (attempt = 1): JobContext => ({
    event: {} as JobContext['event'],
    attempt,
    lastAttempt: attempt >= 3,
    streamSequence: 1,
    heartbeat: () => undefined,
  });
  const run = (build: ReturnType<typeof aBuild>, work: () => Promise<void>, attempt = 1) =>
    runStageJob({
      bus,
      build,
      stage: 'Build',
      worker: 'builder',
      context: context(attempt),
      failedSubject: Subjects.ImageBuildFailed,
      fallbackReason: 'GenericBuildFailed',
      logger: quiet,
      work,
    });

  /** The stored payloads of a subject about one build, in order. */
  const stored = async <S extends typeof Subjects.StageStarted | typeof Subjects.StageFinished>(
    subject: S,
    uid: string,
  ) => (await bus.storedEvents(subject, uid)).map((e) => e.data);

  it('announces the stage as it starts and its timing when it succeeds', async () => {
    const build = aBuild();
    await run(build, () => new Promise((r) => setTimeout(r, 120)));
    const [started] = await stored(Subjects.StageStarted, build.uid);
    expect(started).toEqual({
      build,
      stage: 'Build',
      worker: 'builder',
      startTime: expect.any(String) as unknown,
    });
    expect(await stored(Subjects.StageFinished, build.uid)).toEqual([
      {
        build,
        stage: 'Build',
        worker: 'builder',
        startTime: started?.startTime,
        durationMilliseconds: expect.any(Number) as unknown,
        outcome: 'Succeeded',
      },
    ]);
    const [finished] = await stored(Subjects.StageFinished, build.uid);
    expect(finished?.durationMilliseconds).toBeGreaterThanOrEqual(100);
  });

  it('finishes a failed stage with the reason its failure event carries', async () => {
    const build = aBuild();
    await run(build, () => Promise.reject(new StageFailure('DockerBuildFailed', 'it broke')));
    expect(await stored(Subjects.StageFinished, build.uid)).toEqual([
      expect.objectContaining({ outcome: 'Failed', reason: 'DockerBuildFailed' }),
    ]);
  });

  it('announces nothing as finished while a failing job will be retried, once when it ends', async () => {
    const build = aBuild();
    const flaky = () => Promise.reject(new Error('registry hiccup'));
    await expect(run(build, flaky, 1)).rejects.toThrow('registry hiccup');
    expect(await stored(Subjects.StageFinished, build.uid)).toEqual([]);
    await run(build, () => Promise.resolve(), 2);
    // The redelivered job's StageStarted is the same fact: the stream keeps one.
    expect(await stored(Subjects.StageStarted, build.uid)).toHaveLength(1);
    expect(await stored(Subjects.StageFinished, build.uid)).toEqual([
      expect.objectContaining({ outcome: 'Succeeded' }),
    ]);
  });
});
