import { RpcSubjects } from '../rpc.js';
import { LOG_SUBJECT_PREFIX, Subjects } from '../subjects.js';
import { deadLetterChannels } from './dead-letter-channels.js';
import type { Channel, Fragment, JsonSchema, Message, Operation } from './document.js';
import { eventChannels } from './event-channels.js';
import { logChannels } from './log-channels.js';
import { rpcChannels } from './rpc-channels.js';
import { referencedSchemas, toJsonSchemas } from './schemas.js';

export type AsyncApiDocument = {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, JsonSchema>;
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message>; schemas: Record<string, JsonSchema> };
};

/** `v1`: the version every subject carries (`kiln.v1.…`), or each of them during a migration. */
export function contractVersion(): string {
  const addresses = [...Object.values(Subjects), ...Object.values(RpcSubjects), LOG_SUBJECT_PREFIX];
  const versions = new Set(addresses.map((a) => /^kiln\.(v\d+)\./.exec(a)?.[1] ?? 'unversioned'));
  return [...versions].sort().join(', ');
}

/**
 * The AsyncAPI 3.0.0 document of the farm's NATS contracts, from the subjects, schemas, streams
 * and consumers of this library. Pure and deterministic: maps whose order means nothing are
 * sorted by key, so generating twice gives the same document.
 */
export function generateAsyncApi(): AsyncApiDocument {
  const fragments = [eventChannels(), logChannels(), rpcChannels(), deadLetterChannels()];
  const messages = merge(fragments, 'messages');
  const schemas = referencedSchemas(messages, toJsonSchemas(merge(fragments, 'schemas')));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Kiln build farm events',
      version: contractVersion(),
      description: DESCRIPTION,
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: '{host}',
        protocol: 'nats',
        description: "The farm's nats-server, with JetStream enabled.",
        variables: {
          host: {
            default: '127.0.0.1:4222',
            description: 'Host and port; `./kiln up` listens on 127.0.0.1, port `KILN_NATS_PORT`.',
          },
        },
      },
    },
    channels: merge(fragments, 'channels'),
    operations: merge(fragments, 'operations'),
    components: { messages, schemas: sorted(schemas) },
  };
}

const DESCRIPTION = [
  'Every NATS subject of the farm, with the schema of what travels on it, from `@kiln/events`.',
  'Subjects are versioned (`kiln.v1.<stage>.<event>`): renaming one breaks work in flight, so a',
  'change that is not backward compatible gets a v2 subject. Events are facts in the past tense,',
  'each a CloudEvents 1.0 envelope whose `data` is the payload; build log lines and request/reply',
  'bodies are bare JSON. Every service validates what it receives: a bad event is terminated and',
  'dead-lettered, a bad request is answered with a 422 error.',
].join(' ');

/** One map of the fragments' `key` maps; a name given twice is a mistake, not an override. */
function merge<K extends keyof Fragment>(fragments: Fragment[], key: K): Fragment[K] {
  const all: Record<string, Fragment[K][string]> = {};
  for (const fragment of fragments) {
    for (const [name, value] of Object.entries(fragment[key])) {
      if (name in all) {
        throw new Error(`two ${key} are named ${name}`);
      }
      all[name] = value as Fragment[K][string];
    }
  }
  return sorted(all) as Fragment[K];
}

function sorted<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
