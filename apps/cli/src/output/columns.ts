import type { Build, BuildConfig, ConfigMap, ObjectMeta, Secret } from '@kiln/build-types';
import { Resources, type ResourceType } from '../api/resources.js';
import { ago, ageOf, formatDuration, parseTime } from './age.js';
import { imageStreamColumns, imageStreamTagColumns } from './image-stream-columns.js';
import { describeReference, sourceSummary, strategyType } from './source-summary.js';

/** A Namespace as the core API returns it (build-types has no Namespace kind). */
export type NamespaceObject = { metadata: ObjectMeta; status?: { phase?: string } };

/** The columns of `get` for one resource type; `-o wide` appends `wide`. */
export type ColumnSet = {
  headers: readonly string[];
  wideHeaders: readonly string[];
  cells(object: unknown, now: number): string[];
  wideCells(object: unknown, now: number): string[];
};

const countKeys = (...maps: (Record<string, string> | null | undefined)[]): string =>
  String(maps.reduce((n, map) => n + Object.keys(map ?? {}).length, 0));

/** STATUS of a build: the phase, with the reason when there is one (`Failed (DockerBuildFailed)`). */
export function buildStatusCell(build: Build): string {
  const phase = build.status?.phase ?? 'New';
  return build.status?.reason ? `${phase} (${build.status.reason})` : phase;
}

/** How long a build ran, or has been running; '' before it starts. */
export function buildDuration(build: Build, now: number): string {
  const status = build.status;
  if (status?.duration) {
    return formatDuration(status.duration / 1e6);
  }
  const start = parseTime(status?.startTimestamp);
  if (start === undefined) {
    return '';
  }
  const end = parseTime(status?.completionTimestamp) ?? now;
  return formatDuration(end - start);
}

const buildColumns: ColumnSet = {
  headers: ['NAME', 'TYPE', 'FROM', 'STATUS', 'STARTED', 'DURATION'],
  wideHeaders: ['OUTPUT', 'DIGEST'],
  cells: (object, now) => {
    const build = object as Build;
    return [
      build.metadata.name ?? '',
      strategyType(build.spec),
      sourceSummary(build.spec),
      buildStatusCell(build),
      ago(build.status?.startTimestamp, now),
      buildDuration(build, now),
    ];
  },
  wideCells: (object) => {
    const build = object as Build;
    return [
      build.status?.outputDockerImageReference ?? '',
      build.status?.output?.to?.imageDigest ?? '',
    ];
  },
};

const buildConfigColumns: ColumnSet = {
  headers: ['NAME', 'TYPE', 'FROM', 'LATEST'],
  wideHeaders: ['OUTPUT', 'AGE'],
  cells: (object) => {
    const bc = object as BuildConfig;
    return [
      bc.metadata.name ?? '',
      strategyType(bc.spec),
      sourceSummary(bc.spec),
      String(bc.status?.lastVersion ?? 0),
    ];
  },
  wideCells: (object, now) => {
    const bc = object as BuildConfig;
    return [describeReference(bc.spec.output?.to), ageOf(bc.metadata.creationTimestamp, now)];
  },
};

const secretColumns: ColumnSet = {
  headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
  wideHeaders: [],
  cells: (object, now) => {
    const secret = object as Secret;
    return [
      secret.metadata.name ?? '',
      secret.type ?? 'Opaque',
      countKeys(secret.data, secret.stringData),
      ageOf(secret.metadata.creationTimestamp, now),
    ];
  },
  wideCells: () => [],
};

const configMapColumns: ColumnSet = {
  headers: ['NAME', 'DATA', 'AGE'],
  wideHeaders: [],
  cells: (object, now) => {
    const cm = object as ConfigMap;
    return [
      cm.metadata.name ?? '',
      countKeys(cm.data, cm.binaryData),
      ageOf(cm.metadata.creationTimestamp, now),
    ];
  },
  wideCells: () => [],
};

const namespaceColumns: ColumnSet = {
  headers: ['NAME', 'STATUS', 'AGE'],
  wideHeaders: [],
  cells: (object, now) => {
    const ns = object as NamespaceObject;
    return [
      ns.metadata.name ?? '',
      ns.status?.phase ?? 'Active',
      ageOf(ns.metadata.creationTimestamp, now),
    ];
  },
  wideCells: () => [],
};

const byPlural: Readonly<Record<string, ColumnSet>> = {
  [Resources.builds.plural]: buildColumns,
  [Resources.buildConfigs.plural]: buildConfigColumns,
  [Resources.secrets.plural]: secretColumns,
  [Resources.configMaps.plural]: configMapColumns,
  [Resources.namespaces.plural]: namespaceColumns,
  [Resources.imageStreams.plural]: imageStreamColumns,
  [Resources.imageStreamTags.plural]: imageStreamTagColumns,
};

export function columnsFor(type: ResourceType): ColumnSet {
  const columns = byPlural[type.plural];
  if (!columns) {
    throw new Error(`no columns for ${type.plural}`);
  }
  return columns;
}

/** Headers and cells for one object, wide or not. */
export function tableRow(
  columns: ColumnSet,
  object: unknown,
  now: number,
  wide: boolean,
): string[] {
  return wide
    ? [...columns.cells(object, now), ...columns.wideCells(object, now)]
    : columns.cells(object, now);
}

export function tableHeaders(columns: ColumnSet, wide: boolean): string[] {
  return wide ? [...columns.headers, ...columns.wideHeaders] : [...columns.headers];
}
