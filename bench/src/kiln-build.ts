import type { Readable } from 'node:stream';
import type { BenchFarm, Build } from './farm.js';
import { hopsOf, type Hops } from './hops.js';
import type { Timeline } from './timeline.js';

export type KilnRun = {
  name: string;
  /** Request sent → Complete stored (status.completionTimestamp), the image in the registry. */
  totalMs: number;
  /** Request sent → builder started (the Build stage's startTime): time spent waiting in queue. */
  queueMs: number;
  /** Only for uploads: request sent → the Build answered (the upload stored). */
  uploadMs?: number;
  requestedAt: number;
  completedAt: number;
  hops: Hops;
};

/** A BuildConfig with an inline Dockerfile (or a binary source) and an output in the registry. */
export function aBuildConfig(
  farm: BenchFarm,
  name: string,
  options: { dockerfile?: string; binary?: boolean; runPolicy?: string },
): Record<string, unknown> {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      ...(options.runPolicy ? { runPolicy: options.runPolicy } : {}),
      source: options.binary
        ? { type: 'Binary', binary: {} }
        : { type: 'Dockerfile', dockerfile: options.dockerfile },
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: { to: { kind: 'DockerImage', name: `${farm.registry}/bench/${name}:latest` } },
    },
  };
}

export async function createBuildConfig(
  farm: BenchFarm,
  config: Record<string, unknown>,
): Promise<void> {
  const { status, body } = await farm.call('POST', 'buildconfigs', config);
  if (status !== 201) {
    throw new Error(`creating a BuildConfig: ${status} ${JSON.stringify(body)}`);
  }
}

export async function instantiate(
  farm: BenchFarm,
  buildConfig: string,
): Promise<{ build: Build; requestedAt: number }> {
  const requestedAt = Date.now();
  const { status, body } = await farm.call('POST', `buildconfigs/${buildConfig}/instantiate`, {
    kind: 'BuildRequest',
    apiVersion: 'build.openshift.io/v1',
    metadata: { name: buildConfig },
  });
  if (status !== 201) {
    throw new Error(`instantiate ${buildConfig}: ${status} ${JSON.stringify(body)}`);
  }
  return { build: body as Build, requestedAt };
}

/** Waits for the build to end, reads it back and times it; a build that did not complete throws. */
export async function finish(
  farm: BenchFarm,
  timeline: Timeline,
  started: { build: Build; requestedAt: number; uploadMs?: number },
): Promise<KilnRun> {
  const { name, uid } = started.build.metadata;
  await timeline.waitEnd(uid);
  const { body } = await farm.call('GET', `builds/${name}`);
  const build = body as Build;
  if (build.status.phase !== 'Complete') {
    throw new Error(
      `${name} ended ${build.status.phase}: ${build.status.reason ?? ''} ${build.status.message ?? ''}`,
    );
  }
  const completedAt = Date.parse(build.status.completionTimestamp ?? '');
  // The builder's first step: it pulls the source bundle as it picks the build up.
  const builderStart = build.status.stages
    ?.flatMap((s) => s.steps ?? [])
    .find((s) => s.name === 'PullSourceBundle')?.startTime;
  return {
    name,
    totalMs: completedAt - started.requestedAt,
    queueMs: builderStart ? Date.parse(builderStart) - started.requestedAt : Number.NaN,
    ...(started.uploadMs !== undefined ? { uploadMs: started.uploadMs } : {}),
    requestedAt: started.requestedAt,
    completedAt,
    hops: hopsOf(timeline.events(uid), started.requestedAt, completedAt),
  };
}

export async function kilnBuild(
  farm: BenchFarm,
  timeline: Timeline,
  buildConfig: string,
): Promise<KilnRun> {
  return finish(farm, timeline, await instantiate(farm, buildConfig));
}

export async function kilnUpload(
  farm: BenchFarm,
  timeline: Timeline,
  buildConfig: string,
  body: () => Readable,
  size: number,
): Promise<KilnRun> {
  const requestedAt = Date.now();
  const build = await farm.upload(buildConfig, body, size);
  return finish(farm, timeline, { build, requestedAt, uploadMs: Date.now() - requestedAt });
}

/** The Dockerfile Kiln built (the generator's rewrite), for the raw twin to build the same. */
export async function dockerfileOf(farm: BenchFarm, build: string): Promise<string> {
  const { status, body } = await farm.call('GET', `builds/${build}/dockerfile`);
  if (status !== 200 || typeof body !== 'string') {
    throw new Error(`the Dockerfile of ${build}: ${status}`);
  }
  return body;
}
