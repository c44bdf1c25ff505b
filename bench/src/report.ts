import type { ApiResult } from './api.js';
import type { CacheKind, CacheRun } from './cache.js';
import type { Machine } from './machine.js';
import type { Rss } from './memory.js';
import { overheadSummary, type OverheadCase } from './overhead.js';
import type { ServiceProfile } from './profiles.js';
import type { PushProtocol } from './push-protocol.js';
import { percentile, summarize } from './stats.js';
import { bytes, markdownTable, ms, ratio, spread } from './table.js';
import type { Throughput } from './throughput.js';

export type Results = {
  machine: Machine;
  parts: string[];
  overhead?: OverheadCase[];
  throughput?: Throughput;
  cache?: CacheRun[];
  api?: ApiResult;
  push?: PushProtocol;
  profiles?: Record<string, ServiceProfile>;
  /** RSS of every process right after start-up, before any build. */
  idle?: Rss;
  /** The machine's 1-minute load average when each part started and ended (others share it). */
  load?: Record<string, { start: number; end: number }>;
};

export function machineSection(m: Machine): string {
  return [
    `- date: ${m.date}`,
    `- commit: ${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}`,
    `- machine: ${m.nproc} cores (${m.cpu}), ${bytes(m.memoryBytes)} memory, kernel ${m.kernel}`,
    `- ${m.buildah}; Node ${m.node}`,
  ].join('\n');
}

export function overheadSection(cases: OverheadCase[]): string {
  const rows = cases.map((c) => {
    const s = overheadSummary(c);
    return [
      c.title,
      spread(s.kiln),
      spread(s.raw),
      ratio(s.kiln.median, s.raw.median),
      ms(s.difference.median),
      String(s.kiln.n),
    ];
  });
  const baseline = cases.filter((c) => c.baseline?.length);
  const before = baseline.length
    ? `\n\nBaseline against current: the baseline builder (${JSON.stringify(cases.find((c) => c.baselineOptions)?.baselineOptions ?? {})}) and the current one took turns in blocks of pairs, each block against its own interleaved raw builds:\n\n${markdownTable(
        [
          'case',
          'baseline: Kiln − raw',
          'current: Kiln − raw',
          'baseline: Kiln/raw',
          'current: Kiln/raw',
        ],
        baseline.map((c) => {
          const s = overheadSummary(c);
          return [
            c.title,
            ms(s.baselineDifference.median),
            ms(s.difference.median),
            ratio(s.baseline.median, s.baselineRaw.median),
            ratio(s.kiln.median, s.raw.median),
          ];
        }),
      )}\n\n${hopsSection(
        baseline.map((c) => ({ ...c, kiln: c.baseline ?? [], raw: c.baselineRaw ?? [] })),
        'baseline: ',
      )}`
    : '';
  const table = markdownTable(
    [
      'case',
      'Kiln median (min–max)',
      'raw buildah median (min–max)',
      'Kiln/raw',
      'Kiln − raw (median of pairs)',
      'pairs',
    ],
    rows,
  );
  const upload = cases.find((c) => c.id === 'upload50');
  const extra = upload
    ? `\n\n${markdownTable(
        ['50 MiB upload', 'median (min–max)'],
        [
          ['copying the tar once (floor)', spread(overheadSummary(upload).floor)],
          ['instantiatebinary: request → Build stored', spread(overheadSummary(upload).upload)],
          [
            'upload / floor',
            ratio(overheadSummary(upload).upload.median, overheadSummary(upload).floor.median),
          ],
        ],
      )}`
    : '';
  return `${table}${extra}\n\n${hopsSection(cases)}\n\n${cpuSection(cases)}${before}`;
}

/** CPU time each process spent per Kiln build: what the orchestration costs the machine. */
export function cpuSection(cases: OverheadCase[]): string {
  const names = [...new Set(cases.flatMap((c) => Object.keys(c.cpuMsPerBuild)))];
  return markdownTable(
    ['CPU per Kiln build (user+sys)', ...cases.map((c) => c.id)],
    names.map((n) => [n, ...cases.map((c) => ms(c.cpuMsPerBuild[n] ?? Number.NaN))]),
  );
}

/** Median time per hop of each case's Kiln builds: where the farm's cost goes. */
export function hopsSection(cases: OverheadCase[], label = ''): string {
  const names = [...new Set(cases.flatMap((c) => c.kiln.flatMap((k) => Object.keys(k.hops))))];
  const rows = names.map((hop) => [
    hop,
    ...cases.map((c) =>
      ms(summarize(c.kiln.map((k) => k.hops[hop] ?? Number.NaN).filter(Number.isFinite)).median),
    ),
  ]);
  const rawRows = (['buildMs', 'pushMs'] as const).map((key) => [
    `raw buildah: ${key === 'buildMs' ? 'bud' : 'push'}`,
    ...cases.map((c) => ms(summarize(c.raw.map((r) => r[key])).median)),
  ]);
  return markdownTable([`${label}hop (median)`, ...cases.map((c) => c.id)], [...rows, ...rawRows]);
}

export function throughputSection(t: Throughput): string {
  return markdownTable(
    [
      'setting',
      'builds',
      'wall time',
      'builds/min',
      'queue p50',
      'queue p95',
      'request→Complete p50',
    ],
    t.runs.map((r) => [
      r.setting,
      String(r.builds),
      ms(r.windowMs),
      r.perMinute.toFixed(1),
      r.queueMs.length
        ? ms(
            percentile(
              [...r.queueMs].sort((a, b) => a - b),
              50,
            ),
          )
        : '–',
      r.queueMs.length
        ? ms(
            percentile(
              [...r.queueMs].sort((a, b) => a - b),
              95,
            ),
          )
        : '–',
      r.totalMs.length ? ms(summarize(r.totalMs).median) : '–',
    ]),
  );
}

export function cacheSection(runs: CacheRun[]): string {
  const kinds: CacheKind[] = ['cold', 'rebuild', 'second app'];
  const rows: string[][] = [];
  for (const layerCache of ['on', 'off'] as const) {
    const of = (kind: CacheKind) =>
      runs.filter((r) => r.layerCache === layerCache && r.kind === kind);
    const cold = summarize(of('cold').map((r) => r.totalMs)).median;
    for (const kind of kinds) {
      const these = of(kind);
      if (these.length === 0) {
        continue;
      }
      const time = summarize(these.map((r) => r.totalMs));
      rows.push([
        layerCache,
        kind,
        spread(time),
        ratio(time.median, cold),
        ms(summarize(these.map((r) => r.dockerBuildMs)).median),
        bytes(summarize(these.map((r) => r.basePulledBytes)).median),
        String(these.length),
      ]);
    }
  }
  return markdownTable(
    [
      'layer cache',
      'build',
      'request→Complete median (min–max)',
      '/ cold',
      'buildah bud',
      'base bytes pulled',
      'runs',
    ],
    rows,
  );
}

export function apiSection(a: ApiResult): string {
  return [
    markdownTable(
      ['request (50 connections)', 'requests', 'p50', 'p99', 'max', 'req/s', 'non-2xx', 'errors'],
      a.loads.map((l) => [
        l.name,
        String(l.requests),
        ms(l.p50),
        ms(l.p99),
        ms(l.max),
        l.perSecond.toFixed(1),
        String(l.non2xx),
        String(l.errors),
      ]),
    ),
    '',
    `Response sizes: ${Object.entries(a.responseBytes)
      .map(([path, size]) => `\`${path}\` ${bytes(size)}`)
      .join(', ')}. ${a.seeded} builds seeded by SQL in ${ms(a.seedMs)}.`,
  ].join('\n');
}

export function memorySection(idle: Rss, t: Throughput | undefined): string {
  const names = Object.keys(idle).filter((n) => Number.isFinite(idle[n]));
  for (const run of t?.runs ?? []) {
    for (const n of Object.keys(run.rssPeak)) {
      if (!names.includes(n)) {
        names.push(n);
      }
    }
  }
  // The raw runs leave the services idle: their peaks say nothing about Kiln.
  const runs = (t?.runs ?? []).filter((r) => r.builders > 0);
  return markdownTable(
    ['process', 'idle', ...runs.map((r) => `peak: ${r.setting}`)],
    names.map((n) => [
      n,
      bytes(idle[n] ?? Number.NaN),
      ...runs.map((r) => bytes(r.rssPeak[n] ?? Number.NaN)),
    ]),
  );
}

export function pushSection(p: PushProtocol): string {
  const cell = (values: number[]) => spread(summarize(values));
  return markdownTable(
    ['copy of a 51 MB image', 'pusher (TypeScript)', 'skopeo copy'],
    [
      ['to another registry', cell(p.ts), cell(p.skopeo)],
      ['within the farm registry', cell(p.tsFarm), cell(p.skopeoFarm)],
    ],
  );
}

export function report(r: Results): string {
  const load = Object.entries(r.load ?? {})
    .map(([part, l]) => `${part} ${l.start.toFixed(1)} → ${l.end.toFixed(1)}`)
    .join(', ');
  const sections = [
    `## Machine\n\n${machineSection(r.machine)}${load ? `\n- load average (1 min) at the start → end of each part: ${load}` : ''}`,
  ];
  if (r.overhead) {
    sections.push(`## 1. Overhead per build\n\n${overheadSection(r.overhead)}`);
  }
  if (r.throughput) {
    sections.push(`## 2. Farm throughput\n\n${throughputSection(r.throughput)}`);
  }
  if (r.cache) {
    sections.push(`## 3. Cache\n\n${cacheSection(r.cache)}`);
  }
  if (r.api) {
    sections.push(`## 4. API\n\n${apiSection(r.api)}`);
  }
  if (r.throughput) {
    sections.push(
      `## 5. Memory (RSS)\n\n${memorySection(r.idle ?? r.throughput.idle, r.throughput)}`,
    );
  }
  if (r.profiles) {
    sections.push(`## CPU profiles of the services\n\n${profilesSection(r.profiles)}`);
  }
  if (r.push) {
    sections.push(
      `## Pusher: distribution protocol in TypeScript vs skopeo\n\n${pushSection(r.push)}`,
    );
  }
  return `${sections.join('\n\n')}\n`;
}

export function profilesSection(profiles: Record<string, ServiceProfile>): string {
  return Object.entries(profiles)
    .map(([name, p]) =>
      [
        `### ${name}: ${ms(p.busyMs)} on CPU`,
        '',
        markdownTable(
          ['package or file', 'self', 'share'],
          p.byOwner.map((s) => [s.where, ms(s.selfMs), `${(s.share * 100).toFixed(0)} %`]),
        ),
        '',
        markdownTable(
          ['function', 'self', 'share'],
          p.byFunction.map((s) => [s.where, ms(s.selfMs), `${(s.share * 100).toFixed(0)} %`]),
        ),
      ].join('\n'),
    )
    .join('\n\n');
}
