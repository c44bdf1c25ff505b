import { EventBus } from '@kiln/events';

/** One message as JetStream stores it. */
export type StoredMessage = { seq: number; subject: string; data: string };

/**
 * Every message a stream holds right now, read with an ordered consumer (KILN_EVENTS,
 * KILN_LOGS, KILN_DEAD_LETTERS). `subject` (wildcards allowed) narrows it.
 */
export async function readStream(
  bus: EventBus,
  stream: string,
  subject?: string,
): Promise<StoredMessage[]> {
  const consumer = await bus.js.consumers.get(stream, subject ? { filter_subjects: subject } : {});
  const found: StoredMessage[] = [];
  if ((await consumer.info()).num_pending === 0) {
    return found;
  }
  const messages = await consumer.consume();
  try {
    for await (const msg of messages) {
      found.push({ seq: msg.seq, subject: msg.subject, data: msg.string() });
      if (msg.info.pending === 0) {
        break;
      }
    }
  } finally {
    messages.stop();
  }
  return found;
}

/** The events of KILN_EVENTS about one build (by uid), parsed. */
export async function eventsOfBuild(
  bus: EventBus,
  uid: string,
): Promise<{ subject: string; data: Record<string, unknown> }[]> {
  return (await readStream(bus, 'KILN_EVENTS'))
    .filter((m) => m.data.includes(uid))
    .map((m) => ({
      subject: m.subject,
      data: (JSON.parse(m.data) as { data: Record<string, unknown> }).data,
    }));
}

export const connectBus = (url: string): Promise<EventBus> =>
  EventBus.connect(url, 'kiln/reliability');
