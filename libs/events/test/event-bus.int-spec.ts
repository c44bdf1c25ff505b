import { startTestNats } from '@kiln/testing';
import type { NatsServer } from '@kiln/farm';
import { EventBus, Subjects, type EventOf, type WorkConsumer } from '../src/index.js';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const ref = { namespace: 'team-a', name: 'app-1', uid: 'uid-1' };
const cancel = (uid: string): EventOf<typeof Subjects.BuildCancelRequested> => ({
  build: { ...ref, uid },
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(EventBus.name, () => {
  let nats: NatsServer;
  let bus: EventBus;
  let n = 0;
  const consumer = (): WorkConsumer & { subject: typeof Subjects.BuildCancelRequested } => ({
    stream: 'KILN_EVENTS',
    durable: `test-${++n}`,
    subject: Subjects.BuildCancelRequested,
    ackWaitSeconds: 5,
    maxDeliver: 3,
  });

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await EventBus.connect(nats.url, 'test');
    await bus.ensureStreams();
    await bus.ensureStreams(); // idempotent
  });
  afterAll(async () => {
    await bus.close();
    await nats.stop();
  });

  it('delivers a valid event once even when published twice with the same msgId', async () => {
    const c = consumer();
    const seen: string[] = [];
    await bus.publish(Subjects.BuildCancelRequested, cancel('dup'), { msgId: 'dup-1' });
    await bus.publish(Subjects.BuildCancelRequested, cancel('dup'), { msgId: 'dup-1' });
    await bus.consume(
      c,
      async (data) => {
        seen.push(data.build.uid);
      },
      { logger: quiet },
    );
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['dup']);
  });

  it('stores every event as a CloudEvents 1.0 envelope about its build', async () => {
    const before = Date.now();
    await bus.publish(Subjects.BuildCancelRequested, cancel('envelope-1'), {
      msgId: 'envelope-msg-1',
    });
    const stored = await bus.jsm.streams.getMessage('KILN_EVENTS', {
      last_by_subj: Subjects.BuildCancelRequested,
    });
    const event = JSON.parse(new TextDecoder().decode(stored?.data)) as Record<string, unknown>;
    expect(event).toEqual({
      specversion: '1.0',
      id: 'envelope-msg-1',
      source: 'test',
      type: Subjects.BuildCancelRequested,
      subject: 'namespaces/team-a/builds/app-1',
      time: expect.any(String) as unknown,
      datacontenttype: 'application/json',
      // The correlation id is the build's uid, given or not.
      correlationid: 'envelope-1',
      data: cancel('envelope-1'),
    });
    expect(Date.parse(event.time as string)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('holds no job it is not working on: the next is asked for only when one is done', async () => {
    const c = consumer();
    await bus.publish(Subjects.BuildCancelRequested, cancel('held-1'), { msgId: 'held-1' });
    await bus.publish(Subjects.BuildCancelRequested, cancel('held-2'), { msgId: 'held-2' });
    let release = () => undefined as void;
    let handling = 0;
    await bus.consume(
      c,
      async () => {
        handling++;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      { logger: quiet },
    );
    await until(() => handling === 1);
    // Long enough for a prefetching client to have pulled the next job.
    await new Promise((r) => setTimeout(r, 500));
    const info = await bus.jsm.consumers.info(c.stream, c.durable);
    expect(info.num_ack_pending).toBe(1);
    expect(info.num_pending).toBeGreaterThanOrEqual(1);
    release();
    await until(() => handling === 2);
    release();
  });

  it('refuses to publish a payload that fails its schema', async () => {
    const bad: EventOf<typeof Subjects.BuildCancelRequested> = {
      build: { namespace: '', name: 'x', uid: 'u' },
    };
    await expect(bus.publish(Subjects.BuildCancelRequested, bad, { msgId: 'bad' })).rejects.toThrow(
      /namespace/,
    );
  });

  it('terminates a raw message that fails its schema and keeps consuming', async () => {
    const c = consumer();
    const seen: string[] = [];
    await bus.js.publish(Subjects.BuildCancelRequested, JSON.stringify({ hello: 'world' }));
    await bus.publish(Subjects.BuildCancelRequested, cancel('after-bad'), { msgId: 'after-bad' });
    await bus.consume(
      c,
      async (data) => {
        seen.push(data.build.uid);
      },
      { logger: quiet },
    );
    await until(() => seen.includes('after-bad'));
    let pending = -1;
    for (let i = 0; i < 50 && pending !== 0; i++) {
      pending = (await bus.jsm.consumers.info(c.stream, c.durable)).num_ack_pending;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pending).toBe(0);
  });

  it('redelivers a job whose handler failed, telling it the attempt', async () => {
    const c = consumer();
    const attempts: number[] = [];
    await bus.publish(Subjects.BuildCancelRequested, cancel('retry'), { msgId: 'retry-1' });
    await bus.consume(
      c,
      async (data, ctx) => {
        if (data.build.uid !== 'retry') {
          return;
        }
        attempts.push(ctx.attempt);
        if (ctx.attempt < 2) {
          throw new Error('transient');
        }
      },
      { logger: quiet },
    );
    await until(() => attempts.length >= 2, 8000);
    expect(attempts.slice(0, 2)).toEqual([1, 2]);
  });
});
