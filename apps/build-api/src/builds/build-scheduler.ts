import { Injectable } from '@nestjs/common';
import { BuildAnnotation, type Build } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import type { EntityManager } from 'typeorm';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildRepository } from '../storage/build.repository.js';
import { transition } from './build-transitions.js';

/**
 * Applies a BuildConfig's runPolicy: which New builds may start now. Called under the
 * BuildConfig's row lock after every instantiate and every build that ends, so two callers
 * never both decide to start a build.
 */
@Injectable()
export class BuildScheduler {
  constructor(private readonly builds: BuildRepository) {}

  async schedule(
    manager: EntityManager,
    namespace: string,
    buildConfig: string,
    runPolicy: string | undefined,
  ): Promise<Build[]> {
    const all = await this.builds.list(namespace, { buildConfig }, manager);
    const waiting = all.filter((b) => (b.status?.phase ?? 'New') === 'New').sort(byNumber);
    const active = all.filter(
      (b) => b.status?.phase === 'Pending' || b.status?.phase === 'Running',
    );
    const now = new Date();
    const started: Build[] = [];
    if (runPolicy === 'SerialLatestOnly') {
      for (const superseded of waiting.slice(0, -1)) {
        const cancelled = transition(superseded, {
          phase: 'Cancelled',
          reason: 'CancelledBuild',
          message: 'The build was cancelled because a newer build was requested.',
          now,
        });
        if (cancelled) {
          await this.builds.save(manager, {
            ...cancelled,
            status: { ...cancelled.status, phase: 'Cancelled', cancelled: true },
          });
        }
      }
      waiting.splice(0, waiting.length - 1);
    }
    const toStart =
      runPolicy === 'Parallel' ? waiting : active.length === 0 ? waiting.slice(0, 1) : [];
    for (const build of toStart) {
      const pending = transition(build, { phase: 'Pending', now });
      if (!pending) {
        continue;
      }
      const saved = await this.builds.save(manager, pending);
      await enqueueEvent(
        manager,
        Subjects.BuildRequested,
        { build: requestedBuild(saved) },
        `${saved.metadata.uid}:requested`,
      );
      started.push(saved);
    }
    return started;
  }
}

const numberOf = (b: Build) => Number(b.metadata.annotations?.[BuildAnnotation.BuildNumber] ?? 0);
const byNumber = (a: Build, b: Build) => numberOf(a) - numberOf(b);

/** The Build as the stages receive it: everything but bookkeeping fields. */
function requestedBuild(build: Build) {
  const { metadata, spec } = build;
  return {
    metadata: {
      ...metadata,
      name: metadata.name ?? '',
      namespace: metadata.namespace ?? '',
      uid: metadata.uid ?? '',
    },
    spec,
  };
}
