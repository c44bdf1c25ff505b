import { Injectable } from '@nestjs/common';
import {
  BuildAnnotation,
  BuildLabel,
  type Build,
  type BuildConfig,
  type BuildRunPolicy,
} from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import type { EntityManager } from 'typeorm';
import { BuildProgressRepository } from '../controller/build-progress.repository.js';
import { isWaitingForImages } from '../imagestreams/waiting-for-images.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildRepository } from '../storage/build.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { cancelledByUser, transition } from './build-transitions.js';
import { enqueuePhaseChanged, storedBuildRef } from './phase-changed.js';

/**
 * Applies a BuildConfig's runPolicy: which New builds may start now, which queued ones a newer
 * SerialLatestOnly build supersedes, and which finished ones fall out of the history limits.
 * Called under the BuildConfig's row lock after every instantiate and every build that ends, so
 * two callers never both decide to start a build.
 */
@Injectable()
export class BuildScheduler {
  constructor(
    private readonly builds: BuildRepository,
    private readonly objects: ObjectRepository,
    private readonly progress: BuildProgressRepository,
  ) {}

  async schedule(
    manager: EntityManager,
    namespace: string,
    buildConfig: string,
    runPolicy: string | undefined,
  ): Promise<Build[]> {
    const all = await this.builds.list(namespace, { buildConfig }, manager);
    const plan = planRun(all, runPolicy);
    const now = new Date();
    const after = new Map(all.map((b) => [b.metadata.uid, b]));
    for (const build of plan.cancel) {
      const cancelled = await this.cancelQueued(manager, build, now);
      after.set(build.metadata.uid, cancelled);
    }
    const started: Build[] = [];
    for (const build of plan.start) {
      const saved = await this.start(manager, build, now);
      if (saved) {
        after.set(build.metadata.uid, saved);
        started.push(saved);
      }
    }
    const config = (await this.objects.get('BuildConfig', namespace, buildConfig, manager)) as
      BuildConfig | undefined;
    for (const build of buildsToPrune([...after.values()], config?.spec)) {
      await this.builds.delete(manager, namespace, build.metadata.name ?? '');
    }
    return started;
  }

  /**
   * New → Pending: the build's job (with its upload, for a binary build) goes to the workers and
   * its deadline starts counting. Also called directly for a build no BuildConfig governs.
   */
  async start(manager: EntityManager, build: Build, now: Date): Promise<Build | undefined> {
    // Its image references did not resolve: it waits, New, for its streams (and its turn holds
    // a Serial queue, as in OpenShift), until WaitingBuildsService resolves it.
    if (isWaitingForImages(build)) {
      return undefined;
    }
    const pending = transition(build, { phase: 'Pending', now });
    if (!pending) {
      return undefined;
    }
    const saved = await this.builds.save(manager, pending);
    const uid = saved.metadata.uid ?? '';
    const binary = await this.builds.binaryOf(manager, uid);
    await enqueueEvent(
      manager,
      Subjects.BuildRequested,
      { build: requestedBuild(saved), ...(binary ? { binary } : {}) },
      `${uid}:requested`,
    );
    await enqueuePhaseChanged(manager, build, saved);
    await this.progress.started(manager, saved);
    return saved;
  }

  /** As OpenShift's SerialLatestOnly: the superseded build is cancelled as if by its user. */
  private async cancelQueued(manager: EntityManager, build: Build, now: Date): Promise<Build> {
    const cancelled = transition(build, cancelledByUser(now));
    if (!cancelled) {
      return build;
    }
    const saved = await this.builds.save(manager, {
      ...cancelled,
      status: { ...cancelled.status, phase: 'Cancelled', cancelled: true },
    });
    await enqueuePhaseChanged(manager, build, saved);
    if (phaseOf(build) === 'Pending') {
      // Its job is already queued for the workers: whoever picks it up drops it.
      await enqueueEvent(
        manager,
        Subjects.BuildCancelRequested,
        { build: storedBuildRef(saved) },
        `${saved.metadata.uid ?? ''}:cancel`,
      );
    }
    return saved;
  }
}

const phaseOf = (b: Build) => b.status?.phase ?? 'New';
const numberOf = (b: Build) => Number(b.metadata.annotations?.[BuildAnnotation.BuildNumber] ?? 0);
const byNumber = (a: Build, b: Build) => numberOf(a) - numberOf(b);

/** A build runs under the policy it was generated with (its label), as in OpenShift. */
function policyOf(build: Build, fallback: string | undefined): BuildRunPolicy {
  const policy = build.metadata.labels?.[BuildLabel.BuildStartPolicy] ?? fallback;
  return policy === 'Parallel' || policy === 'SerialLatestOnly' ? policy : 'Serial';
}

/**
 * OpenShift's run policies over one BuildConfig's builds (pure):
 * - SerialLatestOnly: every queued build (New or Pending, not yet Running) numbered below the
 *   newest New SerialLatestOnly build is cancelled;
 * - the lowest-numbered New build is next. If it is Parallel, every New Parallel build starts
 *   unless a Serial or SerialLatestOnly build is Pending or Running; otherwise it starts only
 *   when no build of the config is Pending or Running.
 */
export function planRun(builds: Build[], fallback?: string): { cancel: Build[]; start: Build[] } {
  const latestOnly = Math.max(
    0,
    ...builds
      .filter((b) => phaseOf(b) === 'New' && policyOf(b, fallback) === 'SerialLatestOnly')
      .map(numberOf),
  );
  const cancel = builds
    .filter((b) => (phaseOf(b) === 'New' || phaseOf(b) === 'Pending') && numberOf(b) < latestOnly)
    .sort(byNumber);
  const kept = builds.filter((b) => !cancel.includes(b));
  const active = kept.filter((b) => phaseOf(b) === 'Pending' || phaseOf(b) === 'Running');
  const waiting = kept.filter((b) => phaseOf(b) === 'New').sort(byNumber);
  const next = waiting[0];
  if (!next) {
    return { cancel, start: [] };
  }
  if (policyOf(next, fallback) === 'Parallel') {
    const serialActive = active.some((b) => policyOf(b, fallback) !== 'Parallel');
    return {
      cancel,
      start: serialActive ? [] : waiting.filter((b) => policyOf(b, fallback) === 'Parallel'),
    };
  }
  return { cancel, start: active.length === 0 ? [next] : [] };
}

type HistoryLimits = {
  successfulBuildsHistoryLimit?: number | null;
  failedBuildsHistoryLimit?: number | null;
};

/**
 * The finished builds beyond the config's history limits, oldest first out: Complete ones beyond
 * `successfulBuildsHistoryLimit`, Failed, Error and Cancelled ones beyond
 * `failedBuildsHistoryLimit`; an unset limit keeps all. Newest means highest build number, the
 * order builds were generated in (creation times can tie or invert under concurrent requests).
 */
export function buildsToPrune(builds: Build[], limits: HistoryLimits | null | undefined): Build[] {
  const newestFirst = [...builds].sort((a, b) => byNumber(b, a));
  const beyond = (phases: string[], limit: number | null | undefined) =>
    limit === null || limit === undefined
      ? []
      : newestFirst.filter((b) => phases.includes(phaseOf(b))).slice(Math.max(0, limit));
  return [
    ...beyond(['Complete'], limits?.successfulBuildsHistoryLimit),
    ...beyond(['Failed', 'Error', 'Cancelled'], limits?.failedBuildsHistoryLimit),
  ];
}

/** The Build as the stages receive it: everything but bookkeeping fields. */
function requestedBuild(build: Build) {
  const { metadata, spec } = build;
  return { metadata: { ...metadata, ...storedBuildRef(build) }, spec };
}
