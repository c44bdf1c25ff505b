import { hostname } from 'node:os';
import type { StageName } from '@kiln/build-types';
import {
  BuildLogWriter,
  Subjects,
  type BuildRef,
  type BusLogger,
  type EventBus,
  type JobContext,
} from '@kiln/events';

type FailedSubject =
  | typeof Subjects.SourceFetchFailed
  | typeof Subjects.DockerfileGenerationFailed
  | typeof Subjects.ImageBuildFailed
  | typeof Subjects.ImagePushFailed;

/** Every second tick (10 s) a running job publishes a BuildHeartbeat event. */
const HEARTBEAT_EVERY_TICKS = 2;
const WORKER_ID = `${hostname()}:${process.pid}`;

/** An expected failure of a stage: it ends the build with this reason; retrying will not help. */
export class StageFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly logSnippet?: string,
  ) {
    super(message);
  }
}

export type StageJob = {
  bus: EventBus;
  build: BuildRef;
  stage: StageName;
  /** Who works on it: the worker's durable consumer name, in the stage events. */
  worker: string;
  context: JobContext;
  failedSubject: FailedSubject;
  /** Reason used when an unexpected error exhausts the retries. */
  fallbackReason: string;
  logger: BusLogger;
  /** Does the work and publishes the success event itself. */
  work: (log: BuildLogWriter) => Promise<void>;
};

/**
 * The frame every stage job runs in: heartbeats while it works, its log flushed, a StageFailure
 * published as the stage's failure event, and an unexpected error retried until the last
 * delivery, which then publishes the failure too, so a build never waits on a job that died.
 */
export async function runStageJob(job: StageJob): Promise<void> {
  const log = new BuildLogWriter(job.bus.js, job.build, job.stage, job.context.attempt);
  const started = new Date();
  const ids = `${job.build.uid}:${job.stage}:${job.worker}`;
  await job.bus.publish(
    Subjects.StageStarted,
    { build: job.build, stage: job.stage, worker: job.worker, startTime: started.toISOString() },
    { msgId: `${ids}:started` },
  );
  /** The stage's end either way, once: a redelivered job's copy is dropped by the stream. */
  const finished = (outcome: 'Succeeded' | 'Failed', reason?: string) =>
    job.bus.publish(
      Subjects.StageFinished,
      {
        build: job.build,
        stage: job.stage,
        worker: job.worker,
        startTime: started.toISOString(),
        durationMilliseconds: Date.now() - started.getTime(),
        outcome,
        ...(reason ? { reason } : {}),
      },
      { msgId: `${ids}:finished` },
    );
  let beats = 0;
  const heartbeat = setInterval(() => {
    // Two kinds: JetStream's ack deadline is extended, and the build controller hears the work
    // is alive (a build whose heartbeats stop is redelivered or ends Error, never stuck).
    job.context.heartbeat();
    if (++beats % HEARTBEAT_EVERY_TICKS === 0) {
      void job.bus
        .publish(
          Subjects.BuildHeartbeat,
          { build: job.build, stage: job.stage, worker: WORKER_ID },
          {
            msgId: `${job.build.uid}:heartbeat:${job.stage}:${Date.now()}`,
            correlationId: job.build.uid,
          },
        )
        .catch(() => undefined);
    }
  }, 5000);
  const fail = async (reason: string, message: string, logSnippet?: string) => {
    log.line(`error: ${message}`);
    await log.flush();
    await job.bus.publish(
      job.failedSubject,
      { build: job.build, reason, message, ...(logSnippet ? { logSnippet } : {}) },
      { msgId: `${job.build.uid}:${job.failedSubject}`, correlationId: job.build.uid },
    );
    await finished('Failed', reason);
  };
  try {
    await job.work(log);
    await log.flush();
    await finished('Succeeded');
  } catch (error) {
    if (error instanceof StageFailure) {
      await fail(error.reason, error.message, error.logSnippet);
      return;
    }
    job.logger.warn(
      `${job.stage} of ${job.build.namespace}/${job.build.name} failed on attempt ${job.context.attempt}: ${(error as Error).message}`,
    );
    if (job.context.lastAttempt) {
      await fail(
        job.fallbackReason,
        `${job.stage} failed after ${job.context.attempt} attempts: ${(error as Error).message}`,
      );
      return;
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}
