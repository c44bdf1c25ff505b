import type { z } from 'zod';

/** The shapes of the AsyncAPI 3.0.0 objects this generator writes (a subset of the spec). */
export type Ref = { $ref: string };
export type JsonSchema = { [key: string]: unknown };

export type Message = {
  name: string;
  title: string;
  summary: string;
  description?: string;
  contentType: string;
  headers?: JsonSchema;
  payload: JsonSchema;
  correlationId?: { description: string; location: string };
};

export type Parameter = { description: string; enum?: string[]; location?: string };

export type Channel = {
  /** null: decided at run time (a requester's reply inbox). */
  address: string | null;
  title: string;
  description: string;
  parameters?: Record<string, Parameter>;
  messages: Record<string, Ref>;
  'x-kiln-stream'?: unknown;
};

export type Operation = {
  action: 'send' | 'receive';
  channel: Ref;
  summary: string;
  description: string;
  messages: Ref[];
  reply?: { channel: Ref; messages: Ref[] };
  'x-kiln-consumers'?: unknown[];
};

/** What one family of subjects adds to the document; zod schemas are converted all at once. */
export type Fragment = {
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  messages: Record<string, Message>;
  schemas: Record<string, z.ZodType>;
};

export const schemaRef = (name: string): Ref => ({ $ref: `#/components/schemas/${name}` });
export const messageRef = (name: string): Ref => ({ $ref: `#/components/messages/${name}` });
export const channelRef = (id: string): Ref => ({ $ref: `#/channels/${id}` });
/** Operations name their messages through the channel, as AsyncAPI 3 requires. */
export const channelMessageRef = (id: string, message: string): Ref => ({
  $ref: `#/channels/${id}/messages/${message}`,
});

/** A channel carrying the messages named, each by a reference to components.messages. */
export const messagesOf = (...names: string[]): Record<string, Ref> =>
  Object.fromEntries(names.map((n) => [n, messageRef(n)]));

/** The `Nats-Msg-Id` header JetStream publishers set, by which the stream drops duplicates. */
export const msgIdHeaders = (what: string): JsonSchema => ({
  type: 'object',
  properties: { 'Nats-Msg-Id': { type: 'string', description: what } },
  required: ['Nats-Msg-Id'],
});
