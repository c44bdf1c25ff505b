import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Consumers, consumerOfJob, EventBus, Subjects } from '@kiln/events';
import { PeriodicTask } from '@kiln/service-kit';
import { DataSource } from 'typeorm';
import { BuildsService } from '../builds/builds.service.js';
import {
  deadlineExceeded,
  retryTimedOut,
  transition,
  watchdogReasons,
  type PhaseChange,
} from '../builds/build-transitions.js';
import { ApiError } from '../http/api-error.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildProgressRepository, type DueBuild } from './build-progress.repository.js';

export const WATCHDOG_OPTIONS = Symbol('WATCHDOG_OPTIONS');
export type WatchdogOptions = { stallTimeoutSeconds: number; intervalSeconds: number };

/**
 * Sees that no build stays Pending or Running forever. Every few seconds, on every replica (rows
 * are claimed with SKIP LOCKED, and all state is in the database, so restarts lose nothing):
 *
 * 1. Deadline. A build past its completionDeadlineSeconds, counted from Pending (the moment its
 *    job is handed to the workers, Kiln's "pod scheduled"; one week when unset, as OpenShift),
 *    ends Failed/DeadlineExceeded.
 * 2. Stall. A build with no stage event and no heartbeat for KILN_STALL_TIMEOUT_SECONDS ends
 *    Error/ExceededRetryTimeout only if its current job is no longer queued in JetStream: the
 *    consumer of that job acked it, terminated it, or gave up on it after its max deliveries, so
 *    no worker will ever pick it up again. A job not yet delivered, or delivered and waiting for
 *    redelivery (every worker of that stage down, say), keeps the build waiting: it runs when a
 *    worker comes back, and the deadline still bounds it. A job still in the outbox counts as
 *    queued. Stalls are judged only while the controller has no stage events pending, so its own
 *    backlog (after a restart, say) is never mistaken for silence.
 *
 * Both then publish BuildCancelRequested so that a worker still holding the build stops. The
 * phase change comes first; the cancel owed is derived from the build's reason, so a crash in
 * between is made good on the next sweep.
 */
@Injectable()
export class BuildWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BuildWatchdog.name);
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(WATCHDOG_OPTIONS) private readonly options: WatchdogOptions,
    private readonly builds: BuildsService,
    private readonly progress: BuildProgressRepository,
  ) {
    this.task = new PeriodicTask({
      everyMs: options.intervalSeconds * 1000,
      run: () => this.sweep(),
      onError: (error) => this.logger.warn(`watchdog: ${error.message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async sweep(): Promise<void> {
    const { stallTimeoutSeconds, intervalSeconds } = this.options;
    const caughtUp = await this.controllerCaughtUp();
    for (const due of await this.progress.claimDue(stallTimeoutSeconds, intervalSeconds)) {
      if (due.overdue) {
        await this.end(due, deadlineExceeded(new Date()));
      } else if (caughtUp && (await this.abandoned(due))) {
        const silent = Math.round((Date.now() - due.lastProgressAt.getTime()) / 1000);
        const consumer = consumerOfJob(due.jobSubject ?? '')?.durable ?? 'its stage';
        const last = due.stage ? ` (last heard of in ${due.stage} from ${due.worker ?? '?'})` : '';
        const detail = `no progress for ${silent}s${last} and the ${consumer} job is no longer queued`;
        await this.end(due, retryTimedOut(detail, new Date()));
      }
    }
    await this.sendOwedCancels();
  }

  /** The build's current job was settled by its consumer: nothing will come of it. */
  private async abandoned(due: DueBuild): Promise<boolean> {
    const consumer = consumerOfJob(due.jobSubject ?? '');
    if (!consumer || due.jobSeq === null) {
      return false;
    }
    return (await this.bus.jobState(consumer, due.jobSeq)) === 'settled';
  }

  private async controllerCaughtUp(): Promise<boolean> {
    const { stream, durable } = Consumers.buildController;
    try {
      const info = await this.bus.jsm.consumers.info(stream, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    } catch {
      return false;
    }
  }

  private async end(due: DueBuild, change: PhaseChange): Promise<void> {
    this.logger.warn(`ending ${due.namespace}/${due.name}: ${change.reason}: ${change.message}`);
    try {
      await this.builds.changePhase(due.uid, (build) => transition(build, change));
    } catch (error) {
      if (!(error instanceof ApiError && error.reason === 'NotFound')) {
        throw error;
      }
    }
  }

  private async sendOwedCancels(): Promise<void> {
    await this.db.transaction(async (manager) => {
      for (const owed of await this.progress.owedCancels(manager, watchdogReasons)) {
        const build = { namespace: owed.namespace, name: owed.name, uid: owed.uid };
        await enqueueEvent(manager, Subjects.BuildCancelRequested, { build }, `${owed.uid}:cancel`);
        await this.progress.cancelSent(manager, owed.uid);
      }
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
