import { startTestNats } from '@kiln/testing';
import type { NatsServer } from '@kiln/farm';
import {
  DEAD_LETTERS_STREAM,
  EventBus,
  listDeadLetters,
  RetryLater,
  Subjects,
  type DeadLetter,
  type WorkConsumer,
} from '../src/index.js';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('dead letters', () => {
  let nats: NatsServer;
  let bus: EventBus;
  let n = 0;
  const consumer = (
    maxDeliver = 3,
  ): WorkConsumer & {
    subject: typeof Subjects.BuildCancelRequested;
  } => ({
    stream: 'KILN_EVENTS',
    durable: `dl-${++n}`,
    subject: Subjects.BuildCancelRequested,
    ackWaitSeconds: 5,
    maxDeliver,
  });
  const letterOf = async (durable: string, seq: number): Promise<DeadLetter | undefined> =>
    (await listDeadLetters(bus.jsm)).find(
      (l) => l.advisory.consumer === durable && l.advisory.stream_seq === seq,
    );

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await EventBus.connect(nats.url, 'test');
    await bus.ensureStreams();
  });
  afterAll(async () => {
    await bus.close();
    await nats.stop();
  });

  it('creates the dead-letter stream on the advisories of both give-up causes', async () => {
    const info = await bus.jsm.streams.info(DEAD_LETTERS_STREAM.name);
    expect(info.config.subjects).toEqual([
      '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>',
      '$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>',
    ]);
  });

  it('records a message terminated for failing its schema, with the original', async () => {
    const c = consumer();
    const ack = await bus.js.publish(Subjects.BuildCancelRequested, '{"not":"an event"}');
    await bus.consume(c, async () => undefined, { logger: quiet });

    const letter = await eventually(() => letterOf(c.durable, ack.seq));

    expect(letter.cause).toBe('terminated');
    expect(letter.advisory).toMatchObject({ stream: 'KILN_EVENTS', stream_seq: ack.seq });
    expect(letter.original?.subject).toBe(Subjects.BuildCancelRequested);
    expect(letter.original?.data).toBe('{"not":"an event"}');
    await expect(bus.deadLetter(letter.seq)).resolves.toEqual(letter);
  });

  it('records a message whose deliveries ran out', async () => {
    const c = consumer(2);
    const ref = { namespace: 'ns', name: 'app-1', uid: 'exhausted' };
    const { seq } = await bus.publish(
      Subjects.BuildCancelRequested,
      { build: ref },
      { msgId: 'exhausted-1' },
    );
    await bus.consume(
      c,
      async () => {
        throw new RetryLater('never works', 100);
      },
      { logger: quiet },
    );

    const letter = await eventually(() => letterOf(c.durable, seq));

    expect(letter.cause).toBe('max-deliveries');
    expect(letter.advisory).toMatchObject({ stream_seq: seq, deliveries: 2 });
    expect(JSON.parse(letter.original?.data ?? '{}')).toMatchObject({ data: { build: ref } });
  });

  it('answers undefined for a sequence with no dead letter', async () => {
    await expect(bus.deadLetter(999_999)).resolves.toBeUndefined();
  });
});
