import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobBytesPulled, parseRegistryLog } from '@kiln/testing';
import { contextDir, type BenchContext } from './context.js';
import { aBuildConfig, createBuildConfig, kilnBuild } from './kiln-build.js';
import { pairOrder } from './stats.js';
import { say } from './shell.js';

export type CacheKind = 'cold' | 'rebuild' | 'second app';
export type CacheRun = {
  layerCache: 'on' | 'off';
  round: number;
  kind: CacheKind;
  totalMs: number;
  /** Blob bytes the registry served for the base image during the build. */
  basePulledBytes: number;
  /** Build steps that Buildah took from the cache ("Using cache"), from the builder's step time. */
  dockerBuildMs: number;
};

const MiB = 1024 * 1024;

/**
 * Per round and per mode (KILN_LAYER_CACHE on, then off, alternated): one builder with an empty
 * storage root; app A built cold (base pulled, every layer built), A rebuilt unchanged, then app
 * B on the same base. The base carries a 50 MiB layer so that pulling it shows; each app adds a
 * 20 MiB layer of its own.
 */
export async function cache(ctx: BenchContext, rounds: number): Promise<CacheRun[]> {
  const baseRepo = `bench/base-50m-${ctx.runId}`;
  const base = `${ctx.farm.registry}/${baseRepo}:latest`;
  const dir = contextDir(
    ctx.scratch,
    'cache-base',
    `FROM ${ctx.base}\nRUN head -c ${50 * MiB} /dev/urandom > /opt/base.bin\n`,
  );
  await ctx.raw.pullBase(ctx.base);
  await ctx.raw.build(dir, join(dir, 'Dockerfile'), base);
  const app = (name: string) =>
    `FROM ${base}\nRUN head -c ${20 * MiB} /dev/urandom > /opt/${name}.bin\nRUN echo ${name} > /opt/app.txt\n`;

  const runs: CacheRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const side of pairOrder(round)) {
      const layerCache = side === 'a' ? 'on' : 'off';
      await ctx.builders.set(1, { layerCache, freshStorage: true });
      const a = `cache-${ctx.runId}-${layerCache}-${round}-a`;
      const b = `cache-${ctx.runId}-${layerCache}-${round}-b`;
      await createBuildConfig(ctx.farm, aBuildConfig(ctx.farm, a, { dockerfile: app('app-a') }));
      await createBuildConfig(ctx.farm, aBuildConfig(ctx.farm, b, { dockerfile: app('app-b') }));
      for (const [kind, bc] of [
        ['cold', a],
        ['rebuild', a],
        ['second app', b],
      ] as const) {
        const run = await kilnBuild(ctx.farm, ctx.timeline, bc);
        const requests = parseRegistryLog(readFileSync(ctx.farm.logFile('registry'), 'utf8'));
        runs.push({
          layerCache,
          round,
          kind,
          totalMs: run.totalMs,
          basePulledBytes: blobBytesPulled(requests, baseRepo, run.requestedAt, run.completedAt),
          dockerBuildMs: run.hops['build: DockerBuild'] ?? Number.NaN,
        });
      }
      say(
        `cache round ${round + 1}/${rounds}, layer cache ${layerCache}: ${runs
          .slice(-3)
          .map((r) => `${r.kind} ${Math.round(r.totalMs)} ms`)
          .join(', ')}`,
      );
    }
  }
  return runs;
}
