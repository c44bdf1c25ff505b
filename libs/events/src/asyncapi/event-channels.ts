import { payloadSchemas } from '../payloads.js';
import { Subjects } from '../subjects.js';
import { consumersText, storageText } from './descriptions.js';
import {
  channelMessageRef,
  channelRef,
  messagesOf,
  msgIdHeaders,
  schemaRef,
  type Fragment,
} from './document.js';
import { consumerNote, consumersOf, withStream } from './jetstream.js';
import { eventSummaries } from './summaries.js';
import { CLOUD_EVENT } from './shared-schemas.js';

/** One channel per event subject; each message is a CloudEvent whose `data` is the payload. */
export function eventChannels(): Fragment {
  const fragment: Fragment = { channels: {}, operations: {}, messages: {}, schemas: {} };
  for (const [name, address] of Object.entries(Subjects) as [keyof typeof Subjects, string][]) {
    const { summary, publishedBy } = eventSummaries[name];
    const consumers = consumersOf(address);
    fragment.schemas[name] = payloadSchemas[address as keyof typeof payloadSchemas];
    fragment.messages[name] = {
      name,
      title: name,
      summary,
      contentType: 'application/json',
      headers: msgIdHeaders('The CloudEvent id, so a copy published again is dropped.'),
      payload: {
        description: `A CloudEvent of type \`${address}\` whose data is ${name}.`,
        allOf: [
          schemaRef(CLOUD_EVENT),
          {
            type: 'object',
            properties: { type: { const: address }, data: schemaRef(name) },
            required: ['type', 'data'],
          },
        ],
      },
      correlationId: {
        description: 'The uid of the build the event is about.',
        location: '$message.payload#/correlationid',
      },
    };
    fragment.channels[name] = {
      address,
      title: name,
      description: `${summary} ${storageText(address)}`,
      messages: messagesOf(name),
      ...withStream(address),
    };
    fragment.operations[`send${name}`] = {
      action: 'send',
      channel: channelRef(name),
      summary: `Published by ${publishedBy}.`,
      description: 'Validated against its schema before it is published.',
      messages: [channelMessageRef(name, name)],
    };
    fragment.operations[`receive${name}`] = {
      action: 'receive',
      channel: channelRef(name),
      summary: `Read ${name}.`,
      description: consumersText(address),
      messages: [channelMessageRef(name, name)],
      ...(consumers.length > 0 ? { 'x-kiln-consumers': consumers.map(consumerNote) } : {}),
    };
  }
  return fragment;
}
