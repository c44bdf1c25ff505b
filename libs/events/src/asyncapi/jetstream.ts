import {
  Consumers,
  DEAD_LETTER_ADVISORIES,
  DEAD_LETTERS_STREAM,
  EVENTS_STREAM,
  LOGS_STREAM,
  consumerConfig,
  type WorkConsumer,
} from '../streams.js';

const STREAMS = [EVENTS_STREAM, LOGS_STREAM, DEAD_LETTERS_STREAM];
const NS_PER_SECOND = 1e9;

/**
 * Whether a NATS subject filter (`*` one token, `>` the rest) covers `address`. A channel
 * parameter such as `{namespace}` stands for any one token, so only a wildcard covers it.
 */
export function filterCovers(filter: string, address: string): boolean {
  const wanted = filter.split('.');
  const tokens = address.split('.');
  for (const [i, token] of wanted.entries()) {
    if (token === '>') {
      return tokens.length > i;
    }
    if (i >= tokens.length || (token !== '*' && token !== tokens[i])) {
      return false;
    }
  }
  return wanted.length === tokens.length;
}

/** `604800` → `7 days`: how the descriptions say a duration. */
export function humanDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  const [size, unit] = units.find(([s]) => seconds % s === 0) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const seconds = (ns: number | undefined) => (ns === undefined ? undefined : ns / NS_PER_SECOND);

/** The stream storing `address`, as the `x-kiln-stream` extension says it; none for core NATS. */
export function streamOf(address: string) {
  const stream = STREAMS.find((s) => s.subjects.some((f) => filterCovers(f, address)));
  if (!stream) {
    return undefined;
  }
  return dropUndefined({
    name: stream.name,
    subjects: stream.subjects,
    retention: stream.retention,
    storage: stream.storage,
    maxAgeSeconds: seconds(stream.max_age),
    duplicateWindowSeconds: seconds(stream.duplicate_window),
    maxBytes: stream.max_bytes,
  });
}

/** The `x-kiln-stream` extension of a channel stored in a stream; nothing for core NATS. */
export const withStream = (address: string): { 'x-kiln-stream'?: unknown } => {
  const stream = streamOf(address);
  return stream ? { 'x-kiln-stream': stream } : {};
};

/** The durable work consumers whose filter covers `address`, by durable name. */
export function consumersOf(address: string): WorkConsumer[] {
  return Object.values(Consumers)
    .filter((c) => filterCovers(c.subject, address))
    .sort((a, b) => a.durable.localeCompare(b.durable));
}

/** Where a consumer's given-up messages are announced (and kept in KILN_DEAD_LETTERS). */
export const deadLetterSubjects = (consumer: WorkConsumer): string[] =>
  Object.values(DEAD_LETTER_ADVISORIES).map((p) => `${p}.${consumer.stream}.${consumer.durable}`);

/** A consumer as the `x-kiln-consumers` extension says it, from the config the farm applies. */
export function consumerNote(consumer: WorkConsumer) {
  const config = consumerConfig(consumer);
  return dropUndefined({
    durable: config.durable_name,
    stream: consumer.stream,
    filterSubject: config.filter_subject,
    ackPolicy: config.ack_policy,
    deliverPolicy: config.deliver_policy,
    ackWaitSeconds: seconds(config.ack_wait),
    maxDeliver: config.max_deliver,
    maxAckPending: config.max_ack_pending,
    deadLetters: { stream: DEAD_LETTERS_STREAM.name, subjects: deadLetterSubjects(consumer) },
  });
}

function dropUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
