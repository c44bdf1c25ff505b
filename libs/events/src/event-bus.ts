import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  buildSubjectOf,
  cloudEventSchema,
  correlationIdOf,
  envelope,
  type CloudEvent,
} from './cloud-event.js';
import { isDeadLettered, readDeadLetter, type DeadLetter } from './dead-letters.js';
import { jobState, type JobState } from './job-state.js';
import type { BusLogger } from './logger.js';
import { payloadSchemas, type EventOf, type EventSubject } from './payloads.js';
import {
  consumerConfig,
  DEAD_LETTERS_STREAM,
  EVENTS_STREAM,
  LOGS_STREAM,
  type WorkConsumer,
} from './streams.js';

export type JobContext = {
  readonly event: CloudEvent;
  /** Delivery count of this message: 1 on the first try. */
  readonly attempt: number;
  /** True when a failure now exhausts the consumer's deliveries: publish the stage's failure. */
  readonly lastAttempt: boolean;
  /** Sequence of the message in its stream: where to find it again (see EventBus.jobState). */
  readonly streamSequence: number;
  /** Extends the ack deadline; long jobs call it periodically so they are not redelivered. */
  heartbeat(): void;
};

/** An event of one of several subjects, discriminated by `subject`. */
export type AnyEvent<S extends EventSubject> = { [K in S]: { subject: K; data: EventOf<K> } }[S];

export type ConsumeOptions = { concurrency?: number; logger: BusLogger };

/** Thrown by a handler to have the message redelivered later instead of acked. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs = 1000,
  ) {
    super(message);
  }
}

/** The farm's typed NATS JetStream access: validated publish, validated consume. */
export class EventBus {
  private readonly stopping = new Set<{ stop(): void }>();

  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly source: string,
  ) {}

  static async connect(url: string, source: string): Promise<EventBus> {
    const connection = await connect({
      servers: url,
      name: source,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const jsm = await jetstreamManager(connection);
    return new EventBus(connection, jetstream(connection), jsm, source);
  }

  /** Creates the streams, or updates them to the current definition; safe to call at every start. */
  async ensureStreams(): Promise<void> {
    for (const stream of [EVENTS_STREAM, LOGS_STREAM, DEAD_LETTERS_STREAM]) {
      try {
        await this.jsm.streams.info(stream.name);
        await this.jsm.streams.update(stream.name, stream);
      } catch {
        await this.jsm.streams.add(stream);
      }
    }
  }

  async ensureConsumer(consumer: WorkConsumer): Promise<void> {
    const config = consumerConfig(consumer);
    try {
      await this.jsm.consumers.info(consumer.stream, consumer.durable);
      await this.jsm.consumers.update(consumer.stream, consumer.durable, config);
    } catch {
      await this.jsm.consumers.add(consumer.stream, config);
    }
  }

  /**
   * Publishes one event after validating its payload. `msgId` makes the publish idempotent:
   * a redelivered handler publishing the same fact again is dropped by the stream (`duplicate`,
   * with the sequence of the copy already stored).
   */
  async publish<S extends EventSubject>(
    subject: S,
    data: EventOf<S>,
    options: { msgId: string; correlationId?: string },
  ): Promise<{ seq: number; duplicate: boolean }> {
    const parsed = payloadSchemas[subject].parse(data);
    const event = envelope({
      type: subject,
      source: this.source,
      data: parsed,
      subject: buildSubjectOf(parsed),
      correlationId: options.correlationId ?? correlationIdOf(parsed),
      id: options.msgId,
    });
    const ack = await this.js.publish(subject, JSON.stringify(event), { msgID: options.msgId });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /**
   * The events on `subject` about one build (by uid) still kept in KILN_EVENTS, oldest first:
   * what was announced, for audits and tests. Reads the stream message by message.
   */
  async storedEvents<S extends EventSubject>(
    subject: S,
    uid: string,
  ): Promise<CloudEvent<EventOf<S>>[]> {
    const { state } = await this.jsm.streams.info(EVENTS_STREAM.name);
    const found: CloudEvent<EventOf<S>>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const msg = await this.jsm.streams.getMessage(EVENTS_STREAM.name, { seq }).catch(ifGone);
      if (msg?.subject !== subject) {
        continue;
      }
      const event = msg.json<CloudEvent<EventOf<S>>>();
      if (correlationIdOf(event.data) === uid) {
        found.push(event);
      }
    }
    return found;
  }

  /** Where the job stored at `streamSeq` stands on the consumer that works on it. */
  async jobState(consumer: WorkConsumer, streamSeq: number): Promise<JobState> {
    let position;
    try {
      position = await this.jsm.consumers.info(consumer.stream, consumer.durable);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) {
        return jobState(undefined, streamSeq);
      }
      throw error;
    }
    const state = jobState(position, streamSeq);
    if (state !== 'delivered') {
      return state;
    }
    const target = { stream: consumer.stream, consumer: consumer.durable, streamSeq };
    return jobState(position, streamSeq, await isDeadLettered(this.jsm, target));
  }

  /** A message some consumer gave up on, with the original, by its KILN_DEAD_LETTERS sequence. */
  deadLetter(seq: number): Promise<DeadLetter | undefined> {
    return readDeadLetter(this.jsm, seq);
  }

  /**
   * Pulls jobs from a durable consumer shared by every instance of a worker. A message that
   * fails its schema is logged and terminated, never half-processed; a handler error naks it
   * for redelivery with backoff.
   */
  async consume<S extends EventSubject>(
    consumer: WorkConsumer & { subject: S },
    handler: (data: EventOf<S>, context: JobContext) => Promise<void>,
    options: ConsumeOptions,
  ): Promise<void> {
    await this.ensureConsumer(consumer);
    const concurrency = options.concurrency ?? 1;
    for (let i = 0; i < concurrency; i++) {
      const pull = await this.js.consumers.get(consumer.stream, consumer.durable);
      // One message per pull: a prefetched job would sit past its ack deadline behind a slow one.
      const messages = await pull.consume({ max_messages: 1 });
      this.stopping.add(messages);
      void (async () => {
        try {
          for await (const msg of messages) {
            await this.handleOne(consumer, msg, handler, options.logger);
          }
        } catch (error) {
          // The iterator throws when the connection drains or closes under it (shutdown); an
          // unhandled rejection there would take the process down. Anything else is logged.
          if (!this.connection.isClosed() && !isDraining(error)) {
            options.logger.error(
              `consumer ${consumer.durable} stopped: ${(error as Error).message}`,
            );
          }
        }
      })();
    }
  }

  /**
   * Like `consume`, for a consumer whose filter covers several subjects (a wildcard): the handler
   * receives each event tagged with its subject, so a `switch` on it narrows the payload type.
   */
  async consumeMany<S extends EventSubject>(
    consumer: WorkConsumer,
    subjects: readonly S[],
    handler: (event: AnyEvent<S>, context: JobContext) => Promise<void>,
    options: ConsumeOptions,
  ): Promise<void> {
    const known = new Set<string>(subjects);
    await this.consume(
      consumer as WorkConsumer & { subject: S },
      async (data, context) => {
        const subject = context.event.type as S;
        if (known.has(subject)) {
          await handler({ subject, data }, context);
        }
      },
      options,
    );
  }

  private async handleOne<S extends EventSubject>(
    consumer: WorkConsumer & { subject: S },
    msg: JsMsg,
    handler: (data: EventOf<S>, context: JobContext) => Promise<void>,
    logger: BusLogger,
  ): Promise<void> {
    const decoded = decodeEvent(msg, consumer.subject);
    if (!decoded.ok) {
      logger.error(
        `terminated a message on ${msg.subject} that fails its schema: ${decoded.error}`,
      );
      // No reason argument: nats-server 2.9 does not parse "+TERM <reason>" and leaves the message pending.
      msg.term();
      return;
    }
    const attempt = msg.info.deliveryCount;
    const context: JobContext = {
      event: decoded.event,
      attempt,
      lastAttempt: attempt >= consumer.maxDeliver,
      streamSequence: msg.seq,
      heartbeat: () => msg.working(),
    };
    try {
      await handler(decoded.event.data as EventOf<S>, context);
      msg.ack();
    } catch (error) {
      const delay =
        error instanceof RetryLater ? error.delayMs : Math.min(30_000, 500 * 2 ** attempt);
      logger.warn(
        `job on ${msg.subject} failed (attempt ${attempt}), redelivering in ${delay} ms: ${(error as Error).message}`,
      );
      msg.nak(delay);
    }
  }

  /** Stops pulling new jobs on every consumer (a draining worker finishes what it holds). */
  stopConsuming(): void {
    for (const s of this.stopping) {
      s.stop();
    }
    this.stopping.clear();
  }

  async close(): Promise<void> {
    for (const s of this.stopping) {
      s.stop();
    }
    await this.connection.drain();
  }
}

function decodeEvent(
  msg: JsMsg,
  expected: string,
): { ok: true; event: CloudEvent } | { ok: false; error: string } {
  try {
    const event = cloudEventSchema.parse(JSON.parse(msg.string()));
    if (!(msg.subject in payloadSchemas) && msg.subject !== expected) {
      return { ok: false, error: `no schema for subject ${msg.subject}` };
    }
    const subject = (msg.subject in payloadSchemas ? msg.subject : expected) as EventSubject;
    if (event.type !== msg.subject) {
      return {
        ok: false,
        error: `event type ${event.type} does not match its subject ${msg.subject}`,
      };
    }
    const data = payloadSchemas[subject].safeParse(event.data);
    if (!data.success) {
      return {
        ok: false,
        error: data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    }
    return { ok: true, event: { ...event, data: data.data } };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const isDraining = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'DrainingConnectionError' ||
  /draining|closed/i.test((error as Error | undefined)?.message ?? '');

/** A message removed from the stream (aged out, deleted) leaves a gap in the sequence. */
function ifGone(error: unknown): null {
  if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.NoMessageFound) {
    return null;
  }
  throw error;
}
