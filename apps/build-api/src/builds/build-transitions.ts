import {
  canTransition,
  isTerminalPhase,
  type Build,
  type BuildPhase,
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
  status.conditions = [
    {
      type: change.phase,
      status: 'True',
      lastTransitionTime: at,
      lastUpdateTime: at,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.message ? { message: change.message } : {}),
    },
  ];
  return { ...build, status };
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
