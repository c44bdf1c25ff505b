import { z } from 'zod';
import { RpcSubjects, rpcEnvelopeSchema, rpcSchemas } from '../rpc.js';
import { storageText } from './descriptions.js';
import { channelMessageRef, channelRef, messagesOf, type Fragment } from './document.js';
import { rpcSummaries } from './summaries.js';

/**
 * Request/reply over core NATS: a channel per subject for the requests, and one with no fixed
 * address for the replies, which go to the requester's inbox.
 */
export function rpcChannels(): Fragment {
  const fragment: Fragment = { channels: {}, operations: {}, messages: {}, schemas: {} };
  for (const [name, address] of Object.entries(RpcSubjects) as [
    keyof typeof RpcSubjects,
    keyof typeof rpcSchemas,
  ][]) {
    const summary = rpcSummaries[name];
    const [request, reply] = [`${name}Request`, `${name}Reply`];
    const { request: requestSchema, reply: replySchema } = rpcSchemas[address];
    fragment.schemas[request] = requestSchema;
    // What travels back: the envelope of rpc.ts with `reply` narrowed to this call's answer.
    fragment.schemas[reply] = z.union([
      rpcEnvelopeSchema.options[0].extend({ reply: replySchema }),
      rpcEnvelopeSchema.options[1],
    ]);
    fragment.messages[request] = {
      name: request,
      title: `${name} request`,
      summary,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${request}` },
    };
    fragment.messages[reply] = {
      name: reply,
      title: `${name} reply`,
      summary: `The answer to ${name}: \`ok: true\` with the reply, or \`ok: false\` with an error shaped as the REST API's Status.`,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${reply}` },
    };
    fragment.channels[name] = {
      address,
      title: name,
      description: `${summary} ${storageText(address)}`,
      messages: messagesOf(request),
    };
    fragment.channels[reply] = {
      address: null,
      title: `${name} replies`,
      description: "The requester's reply inbox, chosen by its NATS client for each request.",
      messages: messagesOf(reply),
    };
    const answer = { channel: channelRef(reply), messages: [channelMessageRef(reply, reply)] };
    fragment.operations[`request${name}`] = {
      action: 'send',
      channel: channelRef(name),
      summary: `Call ${name} and wait for its reply.`,
      description:
        'The requester validates the request before sending it and the reply when it comes; no ' +
        'answer in time is a 503 ServiceUnavailable error.',
      messages: [channelMessageRef(name, request)],
      reply: answer,
    };
    fragment.operations[`answer${name}`] = {
      action: 'receive',
      channel: channelRef(name),
      summary: `build-api answers ${name}.`,
      description:
        'Responders share a queue group, so each request is answered once whatever the number of ' +
        'build-api instances. An invalid request is answered with a 422 Invalid error naming ' +
        'each bad field; a failure of the responder with a 500 InternalError.',
      messages: [channelMessageRef(name, request)],
      reply: answer,
    };
  }
  return fragment;
}
