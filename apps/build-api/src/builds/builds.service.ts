import { Inject, Injectable } from '@nestjs/common';
import { isTerminalPhase, type Build, type BuildPhase } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { DataSource } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildRepository, type BuildQuery } from '../storage/build.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { BuildScheduler } from './build-scheduler.js';
import { transition } from './build-transitions.js';

/** Reading builds, cancelling them, and ending them: each change with its event, in one transaction. */
@Injectable()
export class BuildsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly builds: BuildRepository,
    private readonly objects: ObjectRepository,
    private readonly scheduler: BuildScheduler,
  ) {}

  get(namespace: string, name: string): Promise<Build> {
    return this.builds.mustGet(namespace, name);
  }

  list(namespace: string, query: BuildQuery): Promise<Build[]> {
    return this.builds.list(namespace, query);
  }

  async cancel(namespace: string, name: string): Promise<Build> {
    const found = await this.builds.mustGet(namespace, name);
    return this.changePhase(found.metadata.uid ?? '', (build) => {
      const cancelled = transition(build, {
        phase: 'Cancelled',
        reason: 'CancelledBuild',
        message: 'The build was cancelled by the user.',
        now: new Date(),
      });
      return cancelled
        ? {
            ...cancelled,
            status: { ...cancelled.status, phase: 'Cancelled' as BuildPhase, cancelled: true },
          }
        : undefined;
    });
  }

  /**
   * Applies `change` to the build under its BuildConfig's and its own row locks, announces the
   * new phase, and when the build ended lets the run policy start the next one. A change that
   * returns undefined (illegal or duplicate) leaves everything as it was.
   */
  async changePhase(uid: string, change: (build: Build) => Build | undefined): Promise<Build> {
    return this.db.transaction(async (manager) => {
      const peek = await this.builds.findByUid(uid, manager);
      if (!peek) {
        throw new ApiError('NotFound', `build with uid ${uid} not found`);
      }
      const namespace = peek.metadata.namespace ?? '';
      const bcName = peek.status?.config?.name ?? undefined;
      // Lock order: BuildConfig, then build, the same as instantiate, so the two cannot deadlock.
      const config = bcName
        ? await this.objects.get('BuildConfig', namespace, bcName, manager, true)
        : undefined;
      const build = await this.builds.findByUid(uid, manager, true);
      const next = build ? change(build) : undefined;
      if (!build || !next) {
        return build ?? peek;
      }
      const saved = await this.builds.save(manager, next);
      const phase = saved.status?.phase ?? 'New';
      const ref = { namespace, name: saved.metadata.name ?? '', uid };
      await enqueueEvent(
        manager,
        Subjects.BuildPhaseChanged,
        {
          build: ref,
          phase,
          previousPhase: build.status?.phase ?? 'New',
          reason: saved.status?.reason ?? undefined,
          message: saved.status?.message ?? undefined,
        },
        `${uid}:phase:${phase}`,
      );
      if (phase === 'Cancelled') {
        await enqueueEvent(manager, Subjects.BuildCancelRequested, { build: ref }, `${uid}:cancel`);
      }
      if (isTerminalPhase(phase) && config && bcName) {
        await this.scheduler.schedule(
          manager,
          namespace,
          bcName,
          (config.spec as { runPolicy?: string } | undefined)?.runPolicy,
        );
      }
      return saved;
    });
  }
}
