import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BenchFarm } from './farm.js';
import type { BuilderOptions, Builders } from './builders.js';
import type { RawBuildah } from './raw-buildah.js';
import type { Timeline } from './timeline.js';

/** What every section gets: the farm, its builders, the event timeline and the raw twin. */
export type BenchContext = {
  farm: BenchFarm;
  builders: Builders;
  timeline: Timeline;
  raw: RawBuildah;
  /** The farm's base image (busybox), in its registry. */
  base: string;
  /** Scratch space for contexts and raw stores. */
  scratch: string;
  /** Distinguishes the BuildConfigs of this run from earlier ones on the same farm. */
  runId: string;
  /** A builder to compare with in the overhead part: other code (before a change) or settings. */
  baseline?: BuilderOptions;
};

/** A build context directory holding a Dockerfile (and any other files). */
export function contextDir(
  parent: string,
  name: string,
  dockerfile: string,
  files: Record<string, string> = {},
): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

/** A file of random (incompressible) bytes, as a built binary or archive would be. */
export function randomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; written += 1024 * 1024) {
      writeSync(fd, randomBytes(Math.min(1024 * 1024, size - written)));
    }
  } finally {
    closeSync(fd);
  }
}
