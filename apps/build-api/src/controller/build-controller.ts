import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isTerminalPhase, type Build } from '@kiln/build-types';
import {
  Consumers,
  consumerOfJob,
  EventBus,
  Subjects,
  type AnyEvent,
  type EventOf,
  type JobContext,
} from '@kiln/events';
import { BuildsService } from '../builds/builds.service.js';
import { transition } from '../builds/build-transitions.js';
import { ApiError } from '../http/api-error.js';
import { BuildProgressRepository } from './build-progress.repository.js';
import { logSnippet } from './log-snippet.js';
import { withBuiltSteps, withRevision, withSteps } from './stage-events.js';

const STAGE_SUBJECTS = [
  Subjects.StageStarted,
  Subjects.SourceFetched,
  Subjects.SourceFetchFailed,
  Subjects.DockerfileGenerated,
  Subjects.DockerfileGenerationFailed,
  Subjects.ImageBuilt,
  Subjects.ImageBuildFailed,
  Subjects.ImagePushed,
  Subjects.ImagePushFailed,
] as const;
type StageEvent = AnyEvent<(typeof STAGE_SUBJECTS)[number]>;
type Heartbeat = EventOf<typeof Subjects.BuildHeartbeat>;

/**
 * Drives builds through their phases from the workers' facts. Events for a build that already
 * ended (cancelled meanwhile, or a redelivered duplicate) change nothing.
 */
@Injectable()
export class BuildController implements OnApplicationBootstrap {
  private readonly logger = new Logger(BuildController.name);

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly builds: BuildsService,
    private readonly progress: BuildProgressRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumeMany(
      Consumers.buildController,
      [...STAGE_SUBJECTS, Subjects.BuildHeartbeat],
      (event, context) =>
        event.subject === Subjects.BuildHeartbeat
          ? this.heartbeat(event.data)
          : this.apply(event, context),
      { logger: this.logger, concurrency: 4 },
    );
  }

  async apply(event: StageEvent, context?: Pick<JobContext, 'streamSequence'>): Promise<void> {
    // Stage jobs carry the whole Build, outcomes only a reference to it.
    const ref = event.data.build as { uid?: string; metadata?: { uid: string } };
    const uid = ref.metadata?.uid ?? ref.uid ?? '';
    if (event.subject === Subjects.DockerfileGenerated) {
      await this.builds.recordDockerfile(uid, event.data.dockerfile);
    }
    try {
      await this.builds.changePhase(uid, (build) => next(build, event));
    } catch (error) {
      // A late event for a build deleted meanwhile (pruned, or its BuildConfig deleted).
      if (error instanceof ApiError && error.reason === 'NotFound') {
        return;
      }
      throw error;
    }
    // A job event is also the next stage's input: the watchdog follows the build to it.
    const job =
      context && consumerOfJob(event.subject)
        ? { subject: event.subject, seq: context.streamSequence }
        : undefined;
    await this.progress.touch(uid, job);
  }

  /** A worker is still on the build: the watchdog's clock restarts. */
  async heartbeat(beat: Heartbeat): Promise<void> {
    await this.progress.heartbeat(beat.build.uid, beat.stage, beat.worker);
  }
}

function next(build: Build, event: StageEvent): Build | undefined {
  // A terminal build is final: a late event from a worker that had not yet heard of its end (a
  // cancel, a deadline) changes neither its phase nor its stages.
  if (isTerminalPhase(build.status?.phase ?? 'New')) {
    return undefined;
  }
  const now = new Date();
  switch (event.subject) {
    case Subjects.StageStarted:
      return transition(build, { phase: 'Running', now });
    case Subjects.SourceFetched:
      return withSteps(withRevision(running(build, now), event.data.revision), event.data.steps);
    case Subjects.DockerfileGenerated:
      return withSteps(running(build, now), event.data.steps);
    case Subjects.ImageBuilt:
      return withBuiltSteps(running(build, now), event.data);
    case Subjects.ImagePushed: {
      const done = transition(withSteps(build, event.data.steps), {
        phase: 'Complete',
        now,
      });
      if (!done) {
        return undefined;
      }
      const output = event.data.reference ? { to: { imageDigest: event.data.digest } } : undefined;
      return {
        ...done,
        status: {
          ...done.status,
          phase: 'Complete',
          ...(event.data.reference ? { outputDockerImageReference: event.data.reference } : {}),
          ...(output ? { output } : {}),
        },
      };
    }
    case Subjects.SourceFetchFailed:
    case Subjects.DockerfileGenerationFailed:
    case Subjects.ImageBuildFailed:
    case Subjects.ImagePushFailed: {
      const phase = event.data.reason === 'UnresolvableEnvironmentVariable' ? 'Error' : 'Failed';
      const failed = transition(build, {
        phase,
        reason: event.data.reason,
        message: event.data.message,
        now,
      });
      if (!failed) {
        return undefined;
      }
      const snippet = logSnippet(event.data.logSnippet);
      return snippet
        ? { ...failed, status: { ...failed.status, phase, logSnippet: snippet } }
        : failed;
    }
  }
}

/** A stage's success implies the build is running, even if StageStarted arrived late. */
function running(build: Build, now: Date): Build {
  return transition(build, { phase: 'Running', now }) ?? build;
}
