import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';
const CPU_ROOT = '/sys/fs/cgroup/cpu';
const CFS_PERIOD_US = 100_000;

export type BuildLimits = { memoryBytes?: number; cpuCores?: number };

/**
 * One build's cgroup (v1: this host mounts the memory and cpu controllers as v1). Buildah's chroot
 * isolation applies no limits itself, so the builder puts buildah in a cgroup of its own; its RUN
 * commands inherit it. Memory over the limit is OOM-killed by the kernel, which we read back.
 */
export class BuildCgroup {
  private constructor(private readonly dirs: string[]) {}

  /** True when this host lets us create v1 memory and cpu cgroups. */
  static available(): boolean {
    return (
      existsSync(join(MEMORY_ROOT, 'cgroup.procs')) && existsSync(join(CPU_ROOT, 'cgroup.procs'))
    );
  }

  /** A cgroup with the limits set, or undefined when there is nothing to limit or no cgroups. */
  static create(name: string, limits: BuildLimits): BuildCgroup | undefined {
    if (
      (limits.memoryBytes === undefined && limits.cpuCores === undefined) ||
      !BuildCgroup.available()
    ) {
      return undefined;
    }
    const dirs: string[] = [];
    if (limits.memoryBytes !== undefined) {
      const dir = join(MEMORY_ROOT, 'kiln', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'memory.limit_in_bytes'), String(Math.floor(limits.memoryBytes)));
      // Swap would let a build run past its limit slowly instead of failing.
      try {
        writeFileSync(
          join(dir, 'memory.memsw.limit_in_bytes'),
          String(Math.floor(limits.memoryBytes)),
        );
      } catch {
        // no swap accounting on this kernel
      }
      dirs.push(dir);
    }
    if (limits.cpuCores !== undefined) {
      const dir = join(CPU_ROOT, 'kiln', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      writeFileSync(
        join(dir, 'cpu.cfs_quota_us'),
        String(Math.max(1000, Math.floor(limits.cpuCores * CFS_PERIOD_US))),
      );
      dirs.push(dir);
    }
    return new BuildCgroup(dirs);
  }

  /** Moves a process (and so everything it starts later) into the cgroup. */
  enter(pid: number): void {
    for (const dir of this.dirs) {
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    }
  }

  /** True when the kernel's OOM killer acted in this cgroup. */
  oomKilled(): boolean {
    const memory = this.dirs.find((d) => d.startsWith(MEMORY_ROOT));
    if (!memory) {
      return false;
    }
    const control = readFileSync(join(memory, 'memory.oom_control'), 'utf8');
    const kills = /oom_kill (\d+)/.exec(control)?.[1];
    if (kills !== undefined) {
      return Number(kills) > 0;
    }
    return Number(readFileSync(join(memory, 'memory.failcnt'), 'utf8')) > 0;
  }

  /** Removes the cgroup once its processes are gone (retrying briefly while they exit). */
  async remove(): Promise<void> {
    for (const dir of this.dirs) {
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          rmdirSync(dir);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  }
}
