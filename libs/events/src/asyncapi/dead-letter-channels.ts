import { deadLetterAdvisorySchema } from '../dead-letters.js';
import { Consumers, DEAD_LETTER_ADVISORIES } from '../streams.js';
import { storageText } from './descriptions.js';
import { channelMessageRef, channelRef, messagesOf, schemaRef, type Fragment } from './document.js';
import { withStream } from './jetstream.js';

const ADVISORY = 'DeadLetterAdvisory';

const causes: Record<keyof typeof DEAD_LETTER_ADVISORIES, { id: string; text: string }> = {
  maxDeliveries: {
    id: 'DeadLetterMaxDeliveries',
    text: 'JetStream announces a message a consumer delivered `max_deliver` times without an ack.',
  },
  terminated: {
    id: 'DeadLetterTerminated',
    text: 'JetStream announces a message a consumer terminated, e.g. because it failed its schema.',
  },
};

/**
 * The dead letters: advisories nats-server publishes for the durable consumers' given-up
 * messages. An advisory names the stream sequence of the message, which stays in its stream.
 */
export function deadLetterChannels(): Fragment {
  const consumers = Object.values(Consumers);
  const fragment: Fragment = {
    channels: {},
    operations: {},
    schemas: { [ADVISORY]: deadLetterAdvisorySchema },
    messages: {
      [ADVISORY]: {
        name: ADVISORY,
        title: 'Dead letter advisory',
        summary: 'The fields Kiln reads from a max_deliver or terminated consumer advisory.',
        contentType: 'application/json',
        payload: schemaRef(ADVISORY),
      },
    },
  };
  for (const [cause, prefix] of Object.entries(DEAD_LETTER_ADVISORIES) as [
    keyof typeof DEAD_LETTER_ADVISORIES,
    string,
  ][]) {
    const { id, text } = causes[cause];
    const address = `${prefix}.{stream}.{consumer}`;
    fragment.channels[id] = {
      address,
      title: id,
      description: `${text} ${storageText(address)}`,
      parameters: {
        stream: {
          description: 'The stream of the message given up on.',
          enum: [...new Set(consumers.map((c) => c.stream))].sort(),
          location: '$message.payload#/stream',
        },
        consumer: {
          description: 'The durable consumer that gave up on it.',
          enum: consumers.map((c) => c.durable).sort(),
          location: '$message.payload#/consumer',
        },
      },
      messages: messagesOf(ADVISORY),
      ...withStream(address),
    };
    fragment.operations[`receive${id}`] = {
      action: 'receive',
      channel: channelRef(id),
      summary: `Read the ${id} dead letters.`,
      description:
        '`readDeadLetter` and `listDeadLetters` of @kiln/events read them by sequence, with the ' +
        "original message fetched from its stream by the advisory's `stream_seq` while kept there.",
      messages: [channelMessageRef(id, ADVISORY)],
    };
  }
  return fragment;
}
