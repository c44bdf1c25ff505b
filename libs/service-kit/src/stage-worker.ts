import {
  buildRefOf,
  Subjects,
  type BuildRef,
  type BuildLogWriter,
  type BusLogger,
  type EventBus,
  type EventOf,
  type WorkConsumer,
} from '@kiln/events';
import { runStageJob, type StageJob } from './stage-job.js';

/** Subjects whose payload is a stage job: it carries the whole Build. */
type JobSubject =
  | typeof Subjects.BuildRequested
  | typeof Subjects.SourceFetched
  | typeof Subjects.DockerfileGenerated
  | typeof Subjects.ImageBuilt;

export type StageWorker<S extends JobSubject> = Pick<
  StageJob,
  'stage' | 'failedSubject' | 'fallbackReason'
> & {
  consumer: WorkConsumer & { subject: S };
  concurrency: number;
  logger: BusLogger;
  /** Does the job and publishes the stage's success event. */
  work: (job: EventOf<S>, log: BuildLogWriter, build: BuildRef) => Promise<void>;
};

/**
 * Consumes a stage's jobs, each in the frame of `runStageJob` (heartbeats, log, failure events,
 * retries), so that a worker's handler states only what its stage does.
 */
export async function consumeStageJobs<S extends JobSubject>(
  bus: EventBus,
  worker: StageWorker<S>,
): Promise<void> {
  await bus.consume(
    worker.consumer,
    async (job, context) => {
      const build = buildRefOf(job.build);
      await runStageJob({
        bus,
        build,
        context,
        stage: worker.stage,
        worker: worker.consumer.durable,
        failedSubject: worker.failedSubject,
        fallbackReason: worker.fallbackReason,
        logger: worker.logger,
        work: (log) => worker.work(job, log, build),
      });
    },
    { logger: worker.logger, concurrency: worker.concurrency },
  );
}
