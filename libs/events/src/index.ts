export { Subjects, logSubject, LOG_SUBJECT_PREFIX, type Subject } from './subjects.js';
export {
  EVENTS_STREAM,
  LOGS_STREAM,
  DEAD_LETTERS_STREAM,
  DEAD_LETTER_ADVISORIES,
  Consumers,
  consumerConfig,
  consumerOfJob,
  type WorkConsumer,
} from './streams.js';
export { jobState, type JobState, type ConsumerPosition } from './job-state.js';
export {
  readDeadLetter,
  listDeadLetters,
  isDeadLettered,
  deadLetterAdvisorySchema,
  type DeadLetter,
  type DeadLetterAdvisory,
} from './dead-letters.js';
export {
  payloadSchemas,
  buildRefSchema,
  buildObjectSchema,
  buildRefOf,
  artifactRefSchema,
  logLineSchema,
  SECRET_ENV_DIR,
  SECRET_ENV_FILE,
  type BuildRef,
  type BuildObject,
  type EventOf,
  type EventSubject,
  type LogLine,
  type PayloadSchemas,
} from './payloads.js';
export { cloudEventSchema, envelope, type CloudEvent } from './cloud-event.js';
export {
  EventBus,
  RetryLater,
  type JobContext,
  type ConsumeOptions,
  type AnyEvent,
} from './event-bus.js';
export type { BusLogger } from './logger.js';
export { BuildLogWriter } from './build-log.js';
export {
  RpcSubjects,
  rpcSchemas,
  rpcErrorSchema,
  resolvedObjectSchema,
  apiBuildSchema,
  RpcFailure,
  type RpcError,
  type RpcSubject,
  type RpcSchemas,
  type RpcRequestOf,
  type RpcReplyOf,
  type ResolvedObject,
} from './rpc.js';
export { RpcBus, RpcErrorReply } from './rpc-bus.js';
