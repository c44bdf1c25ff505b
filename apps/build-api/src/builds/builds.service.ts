import { Inject, Injectable } from '@nestjs/common';
import {
  buildPhases,
  isTerminalPhase,
  type Build,
  type BuildConfig,
  type BuildPhase,
} from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { checkPreconditions, type DeleteOptions } from '../http/delete-options.js';
import type { FieldRequirement } from '../http/field-selector.js';
import { equalityLabels } from '../http/label-selector.js';
import type { JsonScan, Scan } from '../http/list-page.js';
import type { Selection } from '../http/list-query.js';
import { applyPatch } from '../http/patch-request.js';
import { noPrevious, previousBuildName } from '../logs/previous-build.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { BuildRepository, type BuildQuery } from '../storage/build.repository.js';
import { ObjectRepository } from '../storage/object.repository.js';
import { BuildGenerator, buildRequestOf } from './build-generator.js';
import { BuildScheduler } from './build-scheduler.js';
import { cancelled, updatedBuild } from './build-update.js';
import { enqueuePhaseChanged, storedBuildRef } from './phase-changed.js';

/** What each item of a Build list is. */
const BUILD_TYPE = { apiVersion: 'build.openshift.io/v1', kind: 'Build' };

const PHASES = buildPhases;

/** Reading builds, changing them, and ending them: each change with its event, in one transaction. */
@Injectable()
export class BuildsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly builds: BuildRepository,
    private readonly objects: ObjectRepository,
    private readonly scheduler: BuildScheduler,
    private readonly generator: BuildGenerator,
  ) {}

  get(namespace: string, name: string): Promise<Build> {
    return this.builds.mustGet(namespace, name);
  }

  list(namespace: string, query: BuildQuery): Promise<Build[]> {
    return this.builds.list(namespace, query);
  }

  /** Builds in name order for lists and watches; `key=value` labels and phases filtered in SQL. */
  scan(namespace: string, selection: Selection): Scan<Build> {
    const query = { labels: equalityLabels(selection.labels), phases: phasesOf(selection.fields) };
    return (after, size) => this.builds.list(namespace, { ...query, after, limit: size });
  }

  /**
   * Builds as list-item JSON rendered by the store, when SQL evaluates the whole selection
   * (equality labels, phase): then nothing is left to check on the parsed object.
   */
  scanJson(namespace: string, selection: Selection): JsonScan | undefined {
    const labels = equalityLabels(selection.labels);
    const sqlCovers =
      Object.keys(labels).length === selection.labels.length &&
      selection.fields.every((f) => f.field === 'status.phase');
    if (!sqlCovers) {
      return undefined;
    }
    const query = { labels, phases: phasesOf(selection.fields) };
    return (after, size) =>
      this.builds.listJson(namespace, { ...query, after, limit: size }, BUILD_TYPE);
  }

  async cancel(namespace: string, name: string): Promise<Build> {
    const found = await this.builds.mustGet(namespace, name);
    return this.changePhase(found.metadata.uid ?? '', (build) => cancelled(build, new Date()));
  }

  /** PUT: labels, annotations and `status.cancelled` may change (see updatedBuild). */
  replace(namespace: string, name: string, body: Record<string, unknown>): Promise<Build> {
    return this.modify(namespace, name, () => body);
  }

  patch(namespace: string, name: string, contentType: string | undefined, body: unknown) {
    return this.modify(namespace, name, (current) => applyPatch(contentType, current, body));
  }

  private async modify(
    namespace: string,
    name: string,
    candidateOf: (current: Build) => Record<string, unknown>,
  ): Promise<Build> {
    const found = await this.builds.mustGet(namespace, name);
    return this.changePhase(found.metadata.uid ?? '', (current) =>
      updatedBuild(current, candidateOf(current), new Date()),
    );
  }

  /** Deletes a build, cancelling it first if it has not ended (its workers are told to stop). */
  async delete(namespace: string, name: string, options: DeleteOptions): Promise<Build> {
    const found = await this.builds.mustGet(namespace, name);
    return this.db.transaction(async (manager) => {
      const build = await this.changeIn(manager, found.metadata.uid ?? '', (current) => {
        checkPreconditions('Build', name, options.preconditions, current.metadata);
        return cancelled(current, new Date());
      });
      await this.builds.delete(manager, namespace, name);
      return build;
    });
  }

  /** For a BuildConfig being deleted in `manager`'s transaction: cancel if needed, then delete. */
  async deleteIn(manager: EntityManager, build: Build): Promise<void> {
    await this.changeIn(manager, build.metadata.uid ?? '', (current) =>
      cancelled(current, new Date()),
    );
    await this.builds.delete(manager, build.metadata.namespace ?? '', build.metadata.name ?? '');
  }

  /** For a BuildConfig deleted with propagationPolicy=Orphan: its builds lose their owner. */
  async orphanIn(manager: EntityManager, build: Build, ownerUid: string): Promise<void> {
    const current = await this.builds.findByUid(build.metadata.uid ?? '', manager, true);
    const owners = current?.metadata.ownerReferences ?? [];
    if (current && owners.some((o) => o.uid === ownerUid)) {
      const ownerReferences = owners.filter((o) => o.uid !== ownerUid);
      await this.builds.save(manager, {
        ...current,
        metadata: { ...current.metadata, ownerReferences },
      });
    }
  }

  /** A new build from this one's spec, numbered by its BuildConfig (see cloneBuild). */
  async clone(namespace: string, name: string, body: Record<string, unknown>): Promise<Build> {
    const request = buildRequestOf(name, body);
    const original = await this.builds.mustGet(namespace, name);
    const bcName = original.status?.config?.name ?? undefined;
    return this.db.transaction(async (manager) => {
      const config = bcName
        ? ((await this.objects.get('BuildConfig', namespace, bcName, manager, true)) as
            BuildConfig | undefined)
        : undefined;
      return this.generator.clone(manager, original, config, request);
    });
  }

  /** The build `previous=true` asks for the log of (see previousBuildName). */
  async previous(build: Build): Promise<Build> {
    const name = previousBuildName(build);
    const previous = await this.builds.get(build.metadata.namespace ?? '', name);
    if (!previous) {
      throw noPrevious(build.metadata.name ?? '', `"${name}" no longer exists`);
    }
    return previous;
  }

  /** The Dockerfile the build was built from, once its generation stage has reported it. */
  async dockerfile(namespace: string, name: string): Promise<string> {
    const dockerfile = await this.builds.dockerfileOf(namespace, name);
    if (dockerfile === undefined) {
      throw ApiError.notFound('Build', name);
    }
    if (dockerfile === null) {
      throw new ApiError('NotFound', `build "${name}" has no Dockerfile yet`, {
        name,
        group: 'build.openshift.io',
        kind: 'builds',
      });
    }
    return dockerfile;
  }

  recordDockerfile(uid: string, dockerfile: string): Promise<void> {
    return this.builds.setDockerfile(uid, dockerfile);
  }

  /**
   * Applies `change` to the build under its BuildConfig's and its own row locks, announces the
   * new phase, and when the build ended lets the run policy start the next one. A change that
   * returns undefined (illegal or duplicate) leaves everything as it was.
   */
  async changePhase(uid: string, change: (build: Build) => Build | undefined): Promise<Build> {
    return this.db.transaction((manager) => this.changeIn(manager, uid, change));
  }

  private async changeIn(
    manager: EntityManager,
    uid: string,
    change: (build: Build) => Build | undefined,
  ): Promise<Build> {
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
    const ref = storedBuildRef(saved);
    await enqueuePhaseChanged(manager, build, saved);
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
  }
}

/** The phases a `status.phase` field selector allows, for SQL (undefined: no restriction). */
function phasesOf(fields: readonly FieldRequirement[]): BuildPhase[] | undefined {
  let phases: BuildPhase[] | undefined;
  for (const f of fields.filter((r) => r.field === 'status.phase')) {
    const allowed = PHASES.filter((p) => (f.operator === '=' ? p === f.value : p !== f.value));
    phases = (phases ?? PHASES).filter((p) => allowed.includes(p));
  }
  return phases;
}
