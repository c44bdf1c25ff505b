import { createReadStream, statSync, utimesSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { contextDir, randomFile, type BenchContext } from './context.js';
import {
  aBuildConfig,
  createBuildConfig,
  dockerfileOf,
  kilnBuild,
  kilnUpload,
  type KilnRun,
} from './kiln-build.js';
import type { BuilderOptions } from './builders.js';
import type { RawTiming } from './raw-buildah.js';
import { pairOrder, rotation, summarize } from './stats.js';
import { say, sh, timed } from './shell.js';
import { cpuMeter, type CpuUse } from './cpu.js';

export type OverheadCase = {
  id: 'small' | 'layer100' | 'upload50';
  title: string;
  kiln: KilnRun[];
  raw: RawTiming[];
  /** With a baseline (--baseline-*): the same builds by that builder… */
  baseline?: KilnRun[];
  /** …and the raw builds interleaved with those. */
  baselineRaw?: RawTiming[];
  baselineOptions?: BuilderOptions;
  /** Only upload50: copying the upload once (the physical floor). */
  floorMs?: number[];
  /** CPU time of each Kiln process over the case, per Kiln build (the raw builds cost them ~0). */
  cpuMsPerBuild: CpuUse;
};

const MiB = 1024 * 1024;
export const CASES = ['small', 'layer100', 'upload50'] as const;

/**
 * Kiln against raw Buildah on the same context and Dockerfile (the one Kiln's generator wrote),
 * in interleaved pairs. Each Kiln build is the first of a new BuildConfig, so its layer cache is
 * empty as the raw twin's fresh root is; both read the base image from a store pulled once.
 */
export async function overhead(
  ctx: BenchContext,
  pairs: number,
  only: readonly string[] = CASES,
): Promise<OverheadCase[]> {
  await ctx.builders.set(1);
  await ctx.raw.pullBase(ctx.base);
  const cases: OverheadCase[] = [];
  const wanted = (id: OverheadCase['id']) => only.includes(id);
  if (wanted('small')) {
    const dockerfile = `FROM ${ctx.base}\nRUN echo hello > /hello.txt\n`;
    cases.push(
      await dockerfileCase(ctx, pairs, 'small', 'small image: busybox + one RUN', dockerfile),
    );
  }
  if (wanted('layer100')) {
    const dockerfile = `FROM ${ctx.base}\nRUN head -c ${100 * MiB} /dev/urandom > /blob\n`;
    cases.push(
      await dockerfileCase(ctx, pairs, 'layer100', 'a 100 MiB layer made by RUN', dockerfile),
    );
  }
  if (wanted('upload50')) {
    cases.push(await uploadCase(ctx, pairs));
  }
  return cases;
}

async function dockerfileCase(
  ctx: BenchContext,
  pairs: number,
  id: OverheadCase['id'],
  title: string,
  dockerfile: string,
): Promise<OverheadCase> {
  const name = (i: number | string) => `ovh-${id}-${ctx.runId}-${i}`;
  // Every Kiln build gets a BuildConfig of its own (an empty layer cache); making it is not timed.
  const build = async (i: number | string) => {
    await createBuildConfig(ctx.farm, aBuildConfig(ctx.farm, name(i), { dockerfile }));
    return kilnBuild(ctx.farm, ctx.timeline, name(i));
  };
  // A warm-up pair, not counted: the generated Dockerfile for the raw twin, warm JIT and page cache.
  await ctx.builders.set(1);
  const warm = await build('warm');
  const dir = contextDir(ctx.scratch, `ovh-${id}`, await dockerfileOf(ctx.farm, warm.name));
  const rawBuild = (i: number | string) =>
    ctx.raw.build(dir, join(dir, 'Dockerfile'), `${ctx.farm.registry}/bench-raw/${name(i)}:latest`);
  await rawBuild('warm');
  const result: OverheadCase = { id, title, kiln: [], raw: [], cpuMsPerBuild: {} };
  const baseline = ctx.baseline;
  if (baseline) {
    result.baseline = [];
    result.baselineRaw = [];
    result.baselineOptions = baseline;
  }
  // With a baseline builder, the two builders take turns in blocks of BLOCK pairs, each block
  // after a restart and an uncounted warm-up build, so both are measured as long-running.
  const BLOCK = 3;
  const cpu = cpuMeter(processesOf(ctx));
  const done = { kiln: 0, baseline: 0 };
  for (let round = 0; done.kiln < pairs || (baseline && done.baseline < pairs); round++) {
    for (const builder of rotation(
      baseline ? (['kiln', 'baseline'] as const) : (['kiln'] as const),
      round,
    )) {
      if (baseline) {
        await ctx.builders.set(1, builder === 'baseline' ? baseline : {});
        await build(`${builder}-warm-${round}`);
      }
      const kiln = builder === 'kiln' ? result.kiln : (result.baseline ?? []);
      const raw = builder === 'kiln' ? result.raw : (result.baselineRaw ?? []);
      for (let j = 0; j < (baseline ? BLOCK : pairs) && done[builder] < pairs; j++) {
        const i = done[builder]++;
        for (const side of pairOrder(i)) {
          if (side === 'a') {
            kiln.push(await build(`${builder}-${i}`));
          } else {
            raw.push(await rawBuild(`${builder}-${i}`));
          }
        }
        say(
          `overhead ${id} ${builder} pair ${i + 1}/${pairs}: kiln ${Math.round(kiln.at(-1)?.totalMs ?? 0)} ms, raw ${Math.round(raw.at(-1)?.totalMs ?? 0)} ms`,
        );
      }
    }
  }
  result.cpuMsPerBuild = perBuild(cpu.stop(), baseline ? 2 * pairs : pairs);
  return result;
}

/**
 * A 50 MiB source (random bytes, a Dockerfile that COPYs it) uploaded to instantiatebinary as a
 * tar, against copying the tar once (the floor any upload path pays) and a raw build of the
 * same directory.
 */
async function uploadCase(ctx: BenchContext, pairs: number): Promise<OverheadCase> {
  const id = 'upload50';
  const name = (i: number | string) => `ovh-${id}-${ctx.runId}-${i}`;
  const dir = contextDir(
    ctx.scratch,
    `ovh-${id}`,
    `FROM ${ctx.base}\nCOPY payload.bin /payload.bin\n`,
  );
  randomFile(join(dir, 'payload.bin'), 50 * MiB);
  const tar = join(ctx.scratch, `${id}.tar`);
  await sh('tar', ['-cf', tar, '-C', dir, '.']);
  const size = statSync(tar).size;
  // A BuildConfig per upload, so that no layer cache serves the COPY.
  for (const i of ['warm', ...Array.from({ length: pairs }, (_, n) => n)]) {
    await createBuildConfig(ctx.farm, aBuildConfig(ctx.farm, name(i), { binary: true }));
  }
  const upload = (i: number | string) =>
    kilnUpload(ctx.farm, ctx.timeline, name(i), () => createReadStream(tar), size);
  const warm = await upload('warm');
  // The raw twin builds the directory with the Dockerfile Kiln built.
  const rawDir = contextDir(ctx.scratch, `ovh-${id}-raw`, await dockerfileOf(ctx.farm, warm.name));
  await copyFile(join(dir, 'payload.bin'), join(rawDir, 'payload.bin'));
  const rawDestination = (i: number) => `${ctx.farm.registry}/bench-raw/${name(i)}:latest`;
  const result: OverheadCase = {
    id,
    title: '50 MiB source uploaded (instantiatebinary)',
    kiln: [],
    raw: [],
    floorMs: [],
    cpuMsPerBuild: {},
  };
  const cpu = cpuMeter(processesOf(ctx));
  for (let i = 0; i < pairs; i++) {
    for (const side of pairOrder(i)) {
      if (side === 'a') {
        result.kiln.push(await upload(i));
      } else {
        // A new mtime makes a new layer, as each Kiln build's is: else Buildah's blob cache would
        // find the compressed layer of the previous raw build in the registry and skip the push.
        utimesSync(join(rawDir, 'payload.bin'), new Date(), new Date());
        result.raw.push(await ctx.raw.build(rawDir, join(rawDir, 'Dockerfile'), rawDestination(i)));
        const copy = join(ctx.scratch, 'floor.tar');
        result.floorMs?.push((await timed(() => copyFile(tar, copy))).ms);
        await rm(copy, { force: true });
      }
    }
    say(
      `overhead ${id} pair ${i + 1}/${pairs}: kiln ${Math.round(result.kiln.at(-1)?.totalMs ?? 0)} ms (upload ${Math.round(result.kiln.at(-1)?.uploadMs ?? 0)} ms), raw ${Math.round(result.raw.at(-1)?.totalMs ?? 0)} ms`,
    );
  }
  result.cpuMsPerBuild = perBuild(cpu.stop(), pairs);
  return result;
}

export function overheadSummary(c: OverheadCase) {
  return {
    kiln: summarize(c.kiln.map((r) => r.totalMs)),
    baseline: summarize((c.baseline ?? []).map((r) => r.totalMs)),
    baselineRaw: summarize((c.baselineRaw ?? []).map((r) => r.totalMs)),
    baselineDifference: summarize(
      (c.baseline ?? []).map((k, i) => k.totalMs - (c.baselineRaw?.[i]?.totalMs ?? Number.NaN)),
    ),
    raw: summarize(c.raw.map((r) => r.totalMs)),
    /** Per pair, Kiln minus raw: the farm's cost for that build. */
    difference: summarize(c.kiln.map((k, i) => k.totalMs - (c.raw[i]?.totalMs ?? Number.NaN))),
    upload: summarize(c.kiln.map((r) => r.uploadMs ?? Number.NaN).filter(Number.isFinite)),
    floor: summarize(c.floorMs ?? []),
  };
}

const processesOf = (ctx: BenchContext) => [...ctx.farm.parts(), ...ctx.builders.pids()];

const perBuild = (use: CpuUse, builds: number): CpuUse =>
  Object.fromEntries(Object.entries(use).map(([name, ms]) => [name, ms / builds]));
