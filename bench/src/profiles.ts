import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hotSpots, type CpuProfile, type HotSpot } from './profile-summary.js';
import { sleep } from './shell.js';

export type ServiceProfile = {
  file: string;
  busyMs: number;
  byOwner: HotSpot[];
  byFunction: HotSpot[];
};
type Named = { name: string; pid: number };

/** NODE_OPTIONS and env that make every Kiln service sample its CPU (see cpu-profile-hook.ts). */
export function profilingEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const hook = join(import.meta.dirname, 'cpu-profile-hook.js');
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${hook}`.trim(),
    KILN_BENCH_PROFILE_DIR: dir,
  };
}

const SERVICES = /^(build-api|source-fetcher|dockerfile-generator|pusher|builder.*)$/;

/** Asks each service for its profile since the last request (SIGWINCH); returns the new files. */
async function dump(dir: string, processes: readonly Named[]) {
  const services = processes.filter((p) => SERVICES.test(p.name));
  const before = new Set(readdirSync(dir));
  for (const p of services) {
    try {
      process.kill(p.pid, 'SIGWINCH');
    } catch {
      // gone
    }
  }
  const fileOf = (pid: number) =>
    readdirSync(dir).find(
      (f) => !before.has(f) && f.includes(`-${pid}-`) && f.endsWith('.cpuprofile'),
    );
  for (let i = 0; i < 100 && services.some((p) => !fileOf(p.pid)); i++) {
    await sleep(100);
  }
  return services.map((p) => ({ ...p, file: fileOf(p.pid) }));
}

/** Drops what the services sampled so far (start-up, setup): profiles then cover what follows. */
export async function restartProfiles(dir: string, processes: readonly Named[]): Promise<void> {
  for (const p of await dump(dir, processes)) {
    if (p.file) {
      rmSync(join(dir, p.file));
    }
  }
}

/** The services' profiles since the last restart, summarized. */
export async function collectProfiles(
  dir: string,
  processes: readonly Named[],
): Promise<Record<string, ServiceProfile>> {
  const profiles: Record<string, ServiceProfile> = {};
  for (const { name, file } of await dump(dir, processes)) {
    if (!file || !existsSync(join(dir, file))) {
      continue;
    }
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byOwner = hotSpots(profile, 'owner', 8);
    profiles[name] = {
      file: join(dir, file),
      busyMs: byOwner.busyMs,
      byOwner: byOwner.spots,
      byFunction: hotSpots(profile, 'function', 8).spots,
    };
  }
  return profiles;
}
