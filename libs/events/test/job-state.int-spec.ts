import { startTestNats } from '@kiln/testing';
import type { NatsServer } from '@kiln/farm';
import { EventBus, RetryLater, Subjects, type WorkConsumer } from '../src/index.js';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function until(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('EventBus.jobState', () => {
  let nats: NatsServer;
  let bus: EventBus;
  const consumer: WorkConsumer & { subject: typeof Subjects.BuildCancelRequested } = {
    stream: 'KILN_EVENTS',
    durable: 'job-state',
    subject: Subjects.BuildCancelRequested,
    ackWaitSeconds: 30,
    maxDeliver: 2,
  };
  const publish = async (uid: string) =>
    (
      await bus.publish(
        Subjects.BuildCancelRequested,
        { build: { namespace: 'ns', name: 'b-1', uid } },
        { msgId: uid },
      )
    ).seq;

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await EventBus.connect(nats.url, 'test');
    await bus.ensureStreams();
  });
  afterAll(async () => {
    await bus.close();
    await nats.stop();
  });

  it('follows a job from queued to settled, including one given up on', async () => {
    const done = await publish('done');
    const exhausted = await publish('exhausted');
    const hanging = await publish('hanging');
    expect(await bus.jobState(consumer, done)).toBe('queued');

    let release = () => undefined as void;
    await bus.consume(
      consumer,
      async (data) => {
        if (data.build.uid === 'exhausted') {
          throw new RetryLater('no', 50);
        }
        if (data.build.uid === 'hanging') {
          await new Promise<void>((resolve) => (release = resolve));
        }
      },
      { logger: quiet, concurrency: 2 },
    );

    await until(async () => (await bus.jobState(consumer, exhausted)) === 'settled');
    expect(await bus.jobState(consumer, done)).toBe('settled');
    expect(await bus.jobState(consumer, hanging)).toBe('delivered');
    release();
    await until(async () => (await bus.jobState(consumer, hanging)) === 'settled');
  });
});
