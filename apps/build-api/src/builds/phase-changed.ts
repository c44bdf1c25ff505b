import { isTerminalPhase, type Build } from '@kiln/build-types';
import { Subjects, type BuildRef } from '@kiln/events';
import type { EntityManager } from 'typeorm';
import { enqueueEvent } from '../outbox/outbox.js';

/** The reference events carry instead of the whole Build (a stored Build has all three). */
export function storedBuildRef(build: Build): BuildRef {
  const { name, namespace, uid } = build.metadata;
  return { namespace: namespace ?? '', name: name ?? '', uid: uid ?? '' };
}

/**
 * Announces, in the transaction that saved it, that `after` left the phase `before` was in. One
 * event per phase a build reaches (the phase is in the dedup id), whoever made the move; a build
 * that ends is also announced by the event of its end (BuildCompleted, BuildFailed or
 * BuildCancelled), so a platform can follow outcomes without tracking phases.
 */
export async function enqueuePhaseChanged(
  manager: EntityManager,
  before: Build,
  after: Build,
): Promise<void> {
  const ref = storedBuildRef(after);
  const phase = after.status?.phase ?? 'New';
  await enqueueEvent(
    manager,
    Subjects.BuildPhaseChanged,
    {
      build: ref,
      phase,
      previousPhase: before.status?.phase ?? 'New',
      reason: after.status?.reason ?? undefined,
      message: after.status?.message ?? undefined,
    },
    `${ref.uid}:phase:${phase}`,
  );
  if (isTerminalPhase(phase)) {
    await enqueueBuildEnded(manager, ref, after);
  }
}

async function enqueueBuildEnded(manager: EntityManager, ref: BuildRef, build: Build) {
  const status = build.status ?? { phase: 'New' };
  const completionTimestamp = status.completionTimestamp ?? new Date().toISOString();
  const started = status.startTimestamp ? Date.parse(status.startTimestamp) : undefined;
  const ended = {
    build: ref,
    ...(status.startTimestamp ? { startTimestamp: status.startTimestamp } : {}),
    completionTimestamp,
    ...(started !== undefined
      ? { durationMilliseconds: Math.max(0, Date.parse(completionTimestamp) - started) }
      : {}),
  };
  const text = {
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.message ? { message: status.message } : {}),
  };
  // A build ends once: one id for whichever end it is.
  const id = `${ref.uid}:ended`;
  switch (status.phase) {
    case 'Complete':
      return enqueueEvent(
        manager,
        Subjects.BuildCompleted,
        {
          ...ended,
          phase: 'Complete',
          ...(status.outputDockerImageReference
            ? { outputDockerImageReference: status.outputDockerImageReference }
            : {}),
          ...(status.output?.to?.imageDigest ? { imageDigest: status.output.to.imageDigest } : {}),
        },
        id,
      );
    case 'Failed':
    case 'Error':
      return enqueueEvent(
        manager,
        Subjects.BuildFailed,
        {
          ...ended,
          phase: status.phase,
          ...text,
          ...(status.logSnippet ? { logSnippet: status.logSnippet } : {}),
        },
        id,
      );
    case 'Cancelled':
      return enqueueEvent(
        manager,
        Subjects.BuildCancelled,
        { ...ended, phase: 'Cancelled', ...text },
        id,
      );
    case 'New':
    case 'Pending':
    case 'Running':
      // Not ends: the caller only asks about terminal phases.
      return undefined;
  }
}
