import {
  canTransition,
  isTerminalPhase,
  statusReasonMessages,
  type Build,
  type BuildCondition,
  type BuildPhase,
  type BuildStatus,
  type StatusReason,
} from '@kiln/build-types';

export type PhaseChange = { phase: BuildPhase; reason?: string; message?: string; now: Date };

/**
 * Moves a build to a new phase if the move is legal, filling the timestamps and conditions the
 * way OpenShift does. Returns undefined for an illegal move (e.g. anything out of a terminal
 * phase): the caller ignores late or duplicate events that way.
 */
export function transition(build: Build, change: PhaseChange): Build | undefined {
  const from = build.status?.phase ?? 'New';
  if (from === change.phase || !canTransition(from, change.phase)) {
    return undefined;
  }
  const at = change.now.toISOString();
  const status = { ...build.status, phase: change.phase };
  if (change.reason !== undefined) {
    status.reason = change.reason as StatusReason;
  }
  if (change.message !== undefined) {
    status.message = change.message;
  }
  if (change.phase === 'Running' && !status.startTimestamp) {
    status.startTimestamp = at;
  }
  if (isTerminalPhase(change.phase)) {
    status.startTimestamp ??= at;
    status.completionTimestamp = at;
    // OpenShift reports duration in nanoseconds.
    status.duration = (change.now.getTime() - new Date(status.startTimestamp).getTime()) * 1e6;
  }
  status.conditions = phaseConditions(status, change.now);
  return { ...build, status };
}

/**
 * `status.conditions` as OpenShift's API server keeps them on every write: one condition per
 * phase ever reached, in the order reached; the current phase's is True and carries the current
 * reason and message, every other one is False with neither. A condition's lastTransitionTime
 * moves only when its status flips, so it tells when the build entered (or left) that phase.
 */
export function phaseConditions(
  status: Pick<BuildStatus, 'phase' | 'reason' | 'message' | 'conditions'>,
  now: Date,
): BuildCondition[] {
  const at = now.toISOString();
  const current = (earlier?: BuildCondition): BuildCondition => ({
    type: status.phase,
    status: 'True',
    lastUpdateTime: at,
    lastTransitionTime: earlier?.status === 'True' ? (earlier.lastTransitionTime ?? at) : at,
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.message ? { message: status.message } : {}),
  });
  const left = ({ reason: _r, message: _m, ...earlier }: BuildCondition): BuildCondition =>
    earlier.status === 'False'
      ? earlier
      : { ...earlier, status: 'False', lastUpdateTime: at, lastTransitionTime: at };
  const previous = status.conditions ?? [];
  const updated = previous.map((c) => (c.type === status.phase ? current(c) : left(c)));
  return previous.some((c) => c.type === status.phase) ? updated : [...updated, current()];
}

/**
 * Ending a build that ran out of time. OpenShift turns completionDeadlineSeconds into the build
 * pod's activeDeadlineSeconds; the pod then fails with Kubernetes' reason and message, kept
 * here verbatim so that tooling matching on them keeps working.
 */
export const deadlineExceeded = (now: Date): PhaseChange => ({
  phase: 'Failed',
  reason: 'DeadlineExceeded',
  message: 'Pod was active on the node longer than the specified deadline',
  now,
});

/**
 * Ending a build nobody will work on any more (see BuildWatchdog). OpenShift's reason for a
 * build that "did not complete and retrying timed out", with what Kiln knows added.
 */
export const retryTimedOut = (detail: string, now: Date): PhaseChange => ({
  phase: 'Error',
  reason: 'ExceededRetryTimeout',
  message: `Build did not complete and retrying timed out: ${detail}`,
  now,
});

/** The reasons the watchdog ends builds with; their workers are then told to stop. */
export const watchdogReasons = ['DeadlineExceeded', 'ExceededRetryTimeout'] as const;

/** A user's cancel, and SerialLatestOnly's cancel of superseded builds: OpenShift says the same. */
export const cancelledByUser = (now: Date): PhaseChange => ({
  phase: 'Cancelled',
  reason: 'CancelledBuild',
  message: 'The build was cancelled by the user.',
  now,
});

/** A build of a strategy Kiln does not run (JenkinsPipeline): it fails as soon as it exists. */
export const unsupportedStrategy = (now: Date): PhaseChange => ({
  phase: 'Failed',
  reason: 'UnsupportedBuildStrategy',
  message: statusReasonMessages.UnsupportedBuildStrategy,
  now,
});
