import { Consumers } from '../streams.js';
import { RpcSubjects } from '../rpc.js';
import { logSubject, Subjects } from '../subjects.js';
import type { JsonSchema } from './document.js';
import { generateAsyncApi } from './generate-asyncapi.js';
import { renderAsyncApi } from './render-asyncapi.js';
import { envelopeAttributes } from './shared-schemas.js';

const document = generateAsyncApi();
const channelAt = (address: string) =>
  Object.entries(document.channels).find(([, c]) => c.address === address);

/** The node a local `$ref` points at, or undefined when it points at nothing. */
function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/')],
      document,
    );
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) {
    return node.flatMap(refsIn);
  }
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) =>
      k === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
    );
  }
  return [];
}

describe(generateAsyncApi.name, () => {
  it('is an AsyncAPI 3.0.0 document of the kiln.v1 contracts on a nats server', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info).toMatchObject({ title: 'Kiln build farm events', version: 'v1' });
    expect(document.servers.nats).toMatchObject({ protocol: 'nats', host: '{host}' });
  });

  it('has a channel for every subject of Subjects and RpcSubjects', () => {
    const missing = [...Object.values(Subjects), ...Object.values(RpcSubjects)].filter(
      (subject) => !channelAt(subject),
    );
    expect(missing).toEqual([]);
  });

  it('has one parameterised channel for the per-build log subjects', () => {
    const [, channel] = channelAt(logSubject('{namespace}', '{build}'))!;
    expect(Object.keys(channel.parameters ?? {})).toEqual(['namespace', 'build']);
    expect(channel['x-kiln-stream']).toMatchObject({ name: 'KILN_LOGS' });
  });

  it('sends and receives on every channel with an address', () => {
    const addressed = Object.entries(document.channels).filter(([, c]) => c.address);
    for (const [id] of addressed) {
      const actions = Object.values(document.operations)
        .filter((o) => o.channel.$ref === `#/channels/${id}`)
        .map((o) => o.action);
      expect({ id, receives: actions.includes('receive') }).toEqual({ id, receives: true });
      if (!id.startsWith('DeadLetter')) {
        expect({ id, sends: actions.includes('send') }).toEqual({ id, sends: true });
      }
    }
  });

  it('gives both ends of every request/reply subject the reply on an inbox channel', () => {
    for (const name of Object.keys(RpcSubjects)) {
      for (const operation of [`request${name}`, `answer${name}`]) {
        const reply = document.operations[operation]?.reply;
        expect(reply?.channel).toEqual({ $ref: `#/channels/${name}Reply` });
        expect(document.channels[`${name}Reply`]?.address).toBeNull();
      }
    }
  });

  it('wraps every event in the CloudEvents envelope whose data is the payload schema', () => {
    for (const [name, subject] of Object.entries(Subjects)) {
      const payload = document.components.messages[name]!.payload;
      expect(payload.allOf).toEqual([
        { $ref: '#/components/schemas/CloudEvent' },
        expect.objectContaining({
          properties: { type: { const: subject }, data: { $ref: `#/components/schemas/${name}` } },
        }),
      ]);
      expect(document.components.messages[name]!.correlationId?.location).toBe(
        '$message.payload#/correlationid',
      );
    }
  });

  it('describes every attribute of the CloudEvents envelope', () => {
    const properties = document.components.schemas.CloudEvent!.properties as Record<
      string,
      JsonSchema
    >;
    expect(Object.keys(properties).sort()).toEqual(Object.keys(envelopeAttributes).sort());
    for (const property of Object.values(properties)) {
      expect(property.description).toEqual(expect.any(String));
    }
  });

  it('gives every message a payload that is a JSON Schema object', () => {
    for (const message of Object.values(document.components.messages)) {
      const payload = (
        typeof message.payload.$ref === 'string' ? resolve(message.payload.$ref) : message.payload
      ) as JsonSchema;
      expect(payload).toEqual(expect.any(Object));
      expect(['type', 'allOf', 'anyOf'].some((keyword) => keyword in payload)).toBe(true);
    }
  });

  it('resolves every $ref, and names in an operation only messages of its channel', () => {
    const dangling = refsIn(document).filter((ref) => resolve(ref) === undefined);
    expect(dangling).toEqual([]);
    for (const operation of Object.values(document.operations)) {
      for (const { $ref } of [...operation.messages, ...(operation.reply?.messages ?? [])]) {
        expect($ref).toMatch(/^#\/channels\/[^/]+\/messages\/[^/]+$/);
      }
      expect(operation.messages.every((m) => m.$ref.startsWith(`${operation.channel.$ref}/`))).toBe(
        true,
      );
    }
  });

  it('keeps only the schemas the messages use', () => {
    const used = new Set(refsIn(document).filter((r) => r.startsWith('#/components/schemas/')));
    const unused = Object.keys(document.components.schemas).filter(
      (name) => !used.has(`#/components/schemas/${name}`),
    );
    expect(unused).toEqual([]);
  });

  it('notes the stream and the durable consumer of a stage job, from its definition', () => {
    const receive = document.operations.receiveDockerfileGenerated!;
    expect(receive['x-kiln-consumers']).toMatchObject([
      { durable: Consumers.buildController.durable },
      {
        durable: Consumers.builder.durable,
        stream: 'KILN_EVENTS',
        ackWaitSeconds: Consumers.builder.ackWaitSeconds,
        maxDeliver: Consumers.builder.maxDeliver,
        deadLetters: { stream: 'KILN_DEAD_LETTERS' },
      },
    ]);
    expect(receive.description).toContain(`at most ${Consumers.builder.maxDeliver} deliveries`);
    expect(document.channels.DockerfileGenerated!['x-kiln-stream']).toMatchObject({
      name: 'KILN_EVENTS',
      retention: 'limits',
      maxAgeSeconds: 7 * 24 * 3600,
    });
  });

  it('leaves request/reply subjects out of every stream', () => {
    for (const name of Object.keys(RpcSubjects)) {
      expect(document.channels[name]!['x-kiln-stream']).toBeUndefined();
    }
  });

  it('generates the same document every time, its maps sorted by key', () => {
    expect(renderAsyncApi(generateAsyncApi())).toBe(renderAsyncApi(document));
    for (const map of [document.channels, document.operations, document.components.schemas]) {
      expect(Object.keys(map)).toEqual(Object.keys(map).sort());
    }
  });
});
