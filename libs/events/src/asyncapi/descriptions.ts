import { DEAD_LETTERS_STREAM } from '../streams.js';
import { consumersOf, humanDuration, streamOf } from './jetstream.js';

/** Where a channel's messages are kept, in words; the `x-kiln-stream` extension has the numbers. */
export function storageText(address: string): string {
  const stream = streamOf(address);
  if (!stream) {
    return 'Core NATS, in no stream: nothing is stored, and a message nobody listens for is lost.';
  }
  const limits = [
    `${stream.retention} retention`,
    `${stream.storage} storage`,
    stream.maxAgeSeconds && `kept ${humanDuration(stream.maxAgeSeconds)}`,
    stream.maxBytes && `at most ${stream.maxBytes} bytes`,
    stream.duplicateWindowSeconds &&
      `a copy published again with the same Nats-Msg-Id within ` +
        `${humanDuration(stream.duplicateWindowSeconds)} is dropped`,
  ].filter(Boolean);
  return `Stored in the JetStream stream \`${stream.name}\` (${limits.join(', ')}).`;
}

/** Who takes the channel's messages as jobs, and what happens to one that keeps failing. */
export function consumersText(address: string): string {
  const consumers = consumersOf(address);
  if (consumers.length === 0) {
    return 'No durable work consumer: readers subscribe, or read the stream with an ephemeral consumer.';
  }
  const each = consumers.map(
    (c) =>
      `\`${c.durable}\` on \`${c.stream}\` (filter \`${c.subject}\`): ack within ` +
      `${humanDuration(c.ackWaitSeconds)} (a heartbeat extends it) or the message is ` +
      `redelivered, at most ${c.maxDeliver} deliveries`,
  );
  return (
    'Durable consumers, each shared by every instance of its worker, one message per pull: ' +
    `${each.join('; ')}. A message still failing at its last delivery, or failing its schema ` +
    '(terminated at once, never half-processed), is dead-lettered: its JetStream advisory is ' +
    `kept in \`${DEAD_LETTERS_STREAM.name}\`.`
  );
}
