import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { api } from './api.js';
import { Builders, type BuilderOptions } from './builders.js';
import { cache } from './cache.js';
import type { BenchContext } from './context.js';
import { root, startBenchFarm } from './farm.js';
import { machine } from './machine.js';
import { CASES, overhead } from './overhead.js';
import { collectProfiles, profilingEnv, restartProfiles } from './profiles.js';
import { pushProtocol } from './push-protocol.js';
import { RawBuildah } from './raw-buildah.js';
import { report, type Results } from './report.js';
import { rssSnapshot } from './memory.js';
import { say, sleep } from './shell.js';
import { throughput } from './throughput.js';
import { Timeline } from './timeline.js';

const PARTS = ['overhead', 'throughput', 'cache', 'api', 'memory', 'push'] as const;
type Part = (typeof PARTS)[number];

const USAGE = `usage: ./kiln bench [overhead|throughput|cache|api|memory|push|all]... [--pairs N] [--builds N] [--rounds N] [--builders 1,2,4] [--cases small,layer100,upload50] [--profile]
  overhead    Kiln vs raw buildah per build: small image, 100 MiB layer, 50 MiB upload (--pairs, default 5)
  throughput  --builds queued builds (default 50) with --builders instances, and raw buildah in a loop
  cache       cold build vs unchanged rebuild vs second app, layer cache on and off (--rounds, default 3)
  api         list/get/instantiate latency at 50 clients over 10,000 stored builds (autocannon)
  memory      RSS of every service idle and at the peak of the throughput run (runs throughput)
  push        the pusher's TypeScript copy vs skopeo copy
  all         every part (the default)
  --profile   CPU-profile every service over the run (bench/results/<date>-profiles/)
  --baseline-builder PATH   overhead also runs each build on this builder main.js (before a change)
  --baseline-layer-cache off   … or on a builder with KILN_LAYER_CACHE=off`;

const stampOf = (date: string) => date.replace(/[:.]/g, '-');

type Options = {
  parts: Set<Part>;
  pairs: number;
  builds: number;
  rounds: number;
  builders: number[];
  cases: string[];
  profile: boolean;
  baseline?: BuilderOptions;
};

function parseArgs(argv: string[]): Options {
  const parts = new Set<Part>();
  const baseline: BuilderOptions = {};
  const options = {
    pairs: 5,
    builds: 50,
    rounds: 3,
    builders: [1, 2, 4],
    cases: [...CASES] as string[],
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${arg} needs a value\n${USAGE}`);
      }
      return v;
    };
    if (arg === '--pairs' || arg === '--builds' || arg === '--rounds') {
      options[arg.slice(2) as 'pairs' | 'builds' | 'rounds'] = Number(value());
    } else if (arg === '--baseline-builder') {
      baseline.main = resolve(value());
    } else if (arg === '--baseline-layer-cache') {
      baseline.layerCache = value() === 'off' ? 'off' : 'on';
    } else if (arg === '--profile') {
      options.profile = true;
    } else if (arg === '--cases') {
      options.cases = value().split(',');
    } else if (arg === '--builders') {
      options.builders = value().split(',').map(Number);
    } else if (arg === 'all') {
      PARTS.forEach((p) => parts.add(p));
    } else if ((PARTS as readonly string[]).includes(arg)) {
      parts.add(arg as Part);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (parts.size === 0) {
    PARTS.forEach((p) => parts.add(p));
  }
  return { parts, ...options, ...(Object.keys(baseline).length ? { baseline } : {}) };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseArgs(argv);
  const results: Results = { machine: await machine(), parts: [...options.parts] };
  const needsFarm = [...options.parts].some((p) => p !== 'push');
  if (needsFarm) {
    const profileDir = join(root, 'bench', 'results', `${stampOf(results.machine.date)}-profiles`);
    const farm = await startBenchFarm(options.profile ? profilingEnv(profileDir) : {});
    const builders = new Builders(farm);
    const timeline = await Timeline.connect(farm.natsUrl);
    const stop = () =>
      void builders.stopAll().finally(() => farm.stop().finally(() => process.exit(130)));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      // The farm's own builder stands down: the bench runs its builders (same env) to scale them.
      await farm.stopPart('builder');
      const scratch = join(farm.state, 'bench-scratch');
      mkdirSync(scratch, { recursive: true });
      const ctx: BenchContext = {
        farm,
        builders,
        timeline,
        raw: new RawBuildah(scratch, farm.registry),
        base: `${farm.registry}/kiln/base:latest`,
        scratch,
        runId: Date.now().toString(36),
        ...(options.baseline ? { baseline: options.baseline } : {}),
      };
      // Idle: every service started, one builder ready, nothing built yet.
      await builders.set(1);
      await sleep(3000);
      results.idle = rssSnapshot([...farm.parts(), ...builders.pids()]);
      if (options.profile) {
        // Profiles cover the measured builds, not start-up: the builder the overhead part uses
        // is started first, then every service starts its profile afresh.
        await builders.set(1);
        await restartProfiles(profileDir, [...farm.parts(), ...builders.pids()]);
      }
      if (options.parts.has('overhead')) {
        say('overhead');
        const overheadLoad = loadavg()[0] ?? 0;
        results.overhead = await overhead(ctx, options.pairs, options.cases);
        results.load = {
          ...results.load,
          overhead: { start: overheadLoad, end: loadavg()[0] ?? 0 },
        };
      }
      if (options.parts.has('cache')) {
        say('cache');
        const cacheLoad = loadavg()[0] ?? 0;
        results.cache = await cache(ctx, options.rounds);
        results.load = { ...results.load, cache: { start: cacheLoad, end: loadavg()[0] ?? 0 } };
      }
      if (options.parts.has('throughput') || options.parts.has('memory')) {
        say('throughput');
        const settings = options.parts.has('throughput') ? options.builders : [1];
        const throughputLoad = loadavg()[0] ?? 0;
        results.throughput = await throughput(ctx, options.builds, settings);
        results.load = {
          ...results.load,
          throughput: { start: throughputLoad, end: loadavg()[0] ?? 0 },
        };
      }
      // Last: it stops the workers so that the builds it instantiates stay queued.
      if (options.parts.has('api')) {
        say('api');
        const apiLoad = loadavg()[0] ?? 0;
        results.api = await api(ctx);
        results.load = { ...results.load, api: { start: apiLoad, end: loadavg()[0] ?? 0 } };
      }
      if (options.profile) {
        results.profiles = await collectProfiles(profileDir, [...farm.parts(), ...builders.pids()]);
      }
    } finally {
      await timeline.close().catch(() => undefined);
      await builders.stopAll();
      await farm.stop();
    }
  }
  if (options.parts.has('push')) {
    say('push protocol');
    const pushLoad = loadavg()[0] ?? 0;
    results.push = await pushProtocol();
    results.load = { ...results.load, push: { start: pushLoad, end: loadavg()[0] ?? 0 } };
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = stampOf(results.machine.date);
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const text = report(results);
  writeFileSync(join(dir, `${stamp}.md`), text);
  process.stdout.write(
    `\n${text}\nraw figures: bench/results/${stamp}.json (tables: ${stamp}.md)\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
