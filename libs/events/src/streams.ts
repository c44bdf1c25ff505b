import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type StreamConfig,
} from '@nats-io/jetstream';
import { LOG_SUBJECT_PREFIX, Subjects } from './subjects.js';

const DAY_NS = 24 * 60 * 60 * 1e9;
const SECOND_NS = 1e9;

/** Build lifecycle and stage outcomes: facts kept for a week, file-backed so a restart keeps them. */
export const EVENTS_STREAM: Partial<StreamConfig> & { name: string; subjects: string[] } = {
  name: 'KILN_EVENTS',
  subjects: ['kiln.v1.build.>', 'kiln.v1.stage.>'],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: 7 * DAY_NS,
  // Redelivered handlers publish with the same Nats-Msg-Id: the stream drops the copy.
  duplicate_window: 10 * 60 * SECOND_NS,
};

export const LOGS_STREAM: Partial<StreamConfig> & { name: string; subjects: string[] } = {
  name: 'KILN_LOGS',
  subjects: [`${LOG_SUBJECT_PREFIX}.>`],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: 7 * DAY_NS,
  max_bytes: 1024 * 1024 * 1024,
};

/** JetStream advisories for messages a consumer gave up on; see dead-letters.ts. */
export const DEAD_LETTER_ADVISORIES = {
  /** A message was delivered `max_deliver` times without an ack. */
  maxDeliveries: '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES',
  /** A message was terminated (`+TERM`), e.g. because it failed its schema. */
  terminated: '$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED',
} as const;

/**
 * Dead letters: the advisory of every message a consumer gave up on, kept for inspection. The
 * advisory holds the stream sequence, not the payload; the original stays in its stream (Limits
 * retention keeps terminated and exhausted messages) until its max_age, so keep these as long.
 */
export const DEAD_LETTERS_STREAM: Partial<StreamConfig> & { name: string; subjects: string[] } = {
  name: 'KILN_DEAD_LETTERS',
  subjects: [`${DEAD_LETTER_ADVISORIES.maxDeliveries}.>`, `${DEAD_LETTER_ADVISORIES.terminated}.>`],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: 7 * DAY_NS,
};

export type WorkConsumer = {
  stream: string;
  durable: string;
  subject: string;
  /** How long a job may go without an ack or a heartbeat before it is redelivered. */
  ackWaitSeconds: number;
  /** Deliveries before the job is given up on (the stage then publishes its failure). */
  maxDeliver: number;
};

/** The durable consumers: every instance of a worker pulls from the same one. */
export const Consumers = {
  sourceFetcher: {
    stream: EVENTS_STREAM.name,
    durable: 'source-fetcher',
    subject: Subjects.BuildRequested,
    ackWaitSeconds: 60,
    maxDeliver: 5,
  },
  dockerfileGenerator: {
    stream: EVENTS_STREAM.name,
    durable: 'dockerfile-generator',
    subject: Subjects.SourceFetched,
    ackWaitSeconds: 60,
    maxDeliver: 5,
  },
  builder: {
    stream: EVENTS_STREAM.name,
    durable: 'builder',
    subject: Subjects.DockerfileGenerated,
    ackWaitSeconds: 30,
    maxDeliver: 3,
  },
  pusher: {
    stream: EVENTS_STREAM.name,
    durable: 'pusher',
    subject: Subjects.ImageBuilt,
    ackWaitSeconds: 60,
    maxDeliver: 5,
  },
  buildController: {
    stream: EVENTS_STREAM.name,
    durable: 'build-controller',
    subject: 'kiln.v1.stage.>',
    ackWaitSeconds: 30,
    maxDeliver: 10,
  },
} as const satisfies Record<string, WorkConsumer>;

export function consumerConfig(consumer: WorkConsumer): Partial<ConsumerConfig> {
  return {
    durable_name: consumer.durable,
    filter_subject: consumer.subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: consumer.ackWaitSeconds * SECOND_NS,
    max_deliver: consumer.maxDeliver,
    // One job in flight per pull: a prefetched message would wait past its ack deadline.
    max_ack_pending: 1000,
  };
}

/** The work consumer whose jobs arrive on `subject`, if that subject is some stage's job. */
export function consumerOfJob(subject: string): WorkConsumer | undefined {
  return Object.values(Consumers).find((c) => c.subject === subject && !c.subject.includes('>'));
}
