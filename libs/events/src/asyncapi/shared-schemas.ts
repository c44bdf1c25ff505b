import * as buildTypes from '@kiln/build-types';
import { z } from 'zod';
import { cloudEventSchema } from '../cloud-event.js';
import { artifactRefSchema, buildObjectSchema, buildRefSchema } from '../payloads.js';
import { apiBuildSchema, resolvedObjectSchema, rpcEnvelopeSchema, rpcErrorSchema } from '../rpc.js';

export const CLOUD_EVENT = 'CloudEvent';

type Shared = { id: string; schema: z.ZodType; description?: string };

/** `objectMetaSchema` → `ObjectMeta`: the kind's name, as OpenShift's API reference says it. */
const buildTypeSchemas = Object.entries(buildTypes as Record<string, unknown>).flatMap(
  ([name, schema]): Shared[] =>
    name.endsWith('Schema') && schema instanceof z.ZodType
      ? [{ id: name.charAt(0).toUpperCase() + name.slice(1, -'Schema'.length), schema }]
      : [],
);

/**
 * Schemas several messages use: converted once, then referred to by name wherever they appear.
 * Every schema @kiln/build-types exports is one, so the OpenShift kinds are named once.
 */
export const sharedSchemas: Shared[] = [
  ...buildTypeSchemas,
  {
    id: 'ApiBuild',
    schema: apiBuildSchema,
    description:
      'A Build as the API returns it. `status.reason` is any string, so a platform built ' +
      'against an older contract still reads builds that end with a newer reason.',
  },
  {
    id: 'ArtifactRef',
    schema: artifactRefSchema,
    description: "A blob in the farm registry: the artifact store's unit of exchange.",
  },
  {
    id: 'BuildObject',
    schema: buildObjectSchema,
    description:
      'The Build as stages see it: each job carries the Build it works on, without secret values.',
  },
  {
    id: 'BuildRef',
    schema: buildRefSchema,
    description: 'Which build an event is about; `uid` is the correlation id of its events.',
  },
  {
    id: CLOUD_EVENT,
    schema: cloudEventSchema,
    description:
      'CloudEvents 1.0 in structured mode, the envelope of every event, so that platforms ' +
      'outside Kiln read the events with standard tooling.',
  },
  {
    id: 'ResolvedObject',
    schema: resolvedObjectSchema,
    description: 'A Secret or ConfigMap as a worker receives it: every value base64.',
  },
  {
    id: 'RpcError',
    schema: rpcErrorSchema,
    description: "Why a call failed, as the REST API's Status says it.",
  },
  {
    id: 'RpcFailure',
    schema: rpcEnvelopeSchema.options[1],
    description: 'The reply of a call that failed, whatever the call.',
  },
];

/** The envelope's attributes in words: typed by the schema, so a new attribute must be described. */
export const envelopeAttributes: Record<keyof z.infer<typeof cloudEventSchema>, string> = {
  specversion: 'The CloudEvents version: always 1.0.',
  id: 'Unique id of the event, also its Nats-Msg-Id: publishing the same fact again reuses it.',
  source: 'The service that published the event.',
  type: 'The event type: the NATS subject the event is published on.',
  subject: 'What the event is about within its source, when the publisher says (optional).',
  time: 'When the event was published (RFC 3339, UTC).',
  datacontenttype: 'The media type of `data`: always application/json.',
  correlationid:
    'Extension attribute, the correlation id: the uid of the build the event is about, the ' +
    'same on every event of that build.',
  data: 'The payload, whose schema the event type decides.',
};
