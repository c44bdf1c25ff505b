import { join } from 'node:path';
import { contextDir, type BenchContext } from './context.js';
import {
  aBuildConfig,
  createBuildConfig,
  dockerfileOf,
  finish,
  instantiate,
  kilnBuild,
  type KilnRun,
} from './kiln-build.js';
import { RssSampler, rssSnapshot, type Rss } from './memory.js';
import { perMinute } from './stats.js';
import { say } from './shell.js';

export type ThroughputRun = {
  setting: string;
  builders: number;
  builds: number;
  /** First request → last Complete (Kiln), or the loop's wall time (raw). */
  windowMs: number;
  perMinute: number;
  /** Kiln only: per build, request → builder start (the Build stage's startTime). */
  queueMs: number[];
  /** Kiln only: per build, request → Complete. */
  totalMs: number[];
  /** Peak RSS of every process while the run went on. */
  rssPeak: Rss;
};

export type Throughput = { idle: Rss; runs: ThroughputRun[] };

const MARK = 'tp-mark';

/**
 * `builds` small builds (busybox + one RUN, each of its own BuildConfig so none is served from a
 * cache) queued at once, with 1, 2 and 4 builder instances; and the same builds by raw Buildah one
 * after another, half before the Kiln runs and half after, so drift over the run hits both.
 */
export async function throughput(
  ctx: BenchContext,
  builds: number,
  settings: number[],
): Promise<Throughput> {
  await ctx.builders.set(1);
  await ctx.raw.pullBase(ctx.base);
  const processes = () => [...ctx.farm.parts(), ...ctx.builders.pids()];
  const idle = rssSnapshot(processes());
  const dockerfile = (mark: string) => `FROM ${ctx.base}\nRUN echo ${mark} > /n\n`;
  const warmName = `tp-${ctx.runId}-warm`;
  await createBuildConfig(
    ctx.farm,
    aBuildConfig(ctx.farm, warmName, { dockerfile: dockerfile(MARK) }),
  );
  const generated = await dockerfileOf(
    ctx.farm,
    (await kilnBuild(ctx.farm, ctx.timeline, warmName)).name,
  );

  const rawHalf = async (from: number, to: number) => {
    const sampler = new RssSampler(processes);
    const started = performance.now();
    for (let i = from; i < to; i++) {
      const name = `tp-${ctx.runId}-raw-${i}`;
      const dir = contextDir(ctx.scratch, name, generated.replaceAll(MARK, name));
      await ctx.raw.build(
        dir,
        join(dir, 'Dockerfile'),
        `${ctx.farm.registry}/bench-raw/${name}:latest`,
      );
    }
    return { ms: performance.now() - started, rss: sampler.stop() };
  };

  const runs: ThroughputRun[] = [];
  const half = Math.floor(builds / 2);
  const first = await rawHalf(0, half);
  for (const count of settings) {
    runs.push(await kilnRun(ctx, builds, count, dockerfile, processes));
  }
  const second = await rawHalf(half, builds);
  const rawMs = first.ms + second.ms;
  const rssPeak: Rss = { ...first.rss };
  for (const [name, rss] of Object.entries(second.rss)) {
    rssPeak[name] = Math.max(rssPeak[name] ?? 0, rss);
  }
  runs.unshift({
    setting: 'raw buildah, sequential',
    builders: 0,
    builds,
    windowMs: rawMs,
    perMinute: perMinute(builds, rawMs),
    queueMs: [],
    totalMs: [],
    rssPeak,
  });
  return { idle, runs };
}

async function kilnRun(
  ctx: BenchContext,
  builds: number,
  count: number,
  dockerfile: (mark: string) => string,
  processes: () => { name: string; pid: number }[],
): Promise<ThroughputRun> {
  await ctx.builders.set(count);
  const names = Array.from({ length: builds }, (_, i) => `tp-${ctx.runId}-k${count}-${i}`);
  for (const name of names) {
    await createBuildConfig(
      ctx.farm,
      aBuildConfig(ctx.farm, name, { dockerfile: dockerfile(name) }),
    );
  }
  const sampler = new RssSampler(processes);
  const started = [];
  for (const name of names) {
    started.push(await instantiate(ctx.farm, name));
  }
  say(`throughput: ${builds} builds queued for ${count} builder(s)`);
  const done: KilnRun[] = await Promise.all(started.map((s) => finish(ctx.farm, ctx.timeline, s)));
  const rssPeak = sampler.stop();
  const windowMs =
    Math.max(...done.map((d) => d.completedAt)) - Math.min(...done.map((d) => d.requestedAt));
  say(`throughput: ${count} builder(s): ${perMinute(builds, windowMs).toFixed(1)} builds/min`);
  return {
    setting: `kiln, ${count} builder${count > 1 ? 's' : ''}`,
    builders: count,
    builds,
    windowMs,
    perMinute: perMinute(builds, windowMs),
    queueMs: done.map((d) => d.queueMs),
    totalMs: done.map((d) => d.totalMs),
    rssPeak,
  };
}
