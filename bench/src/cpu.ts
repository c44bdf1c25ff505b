import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process itself has used, in milliseconds; NaN once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export type CpuUse = Record<string, number>;

/** Starts counting the CPU of each process; `stop` returns what each used since, in ms. */
export function cpuMeter(processes: readonly { name: string; pid: number }[]): { stop(): CpuUse } {
  const start = processes.map((p) => ({ ...p, ms: cpuMsOf(p.pid) }));
  return {
    stop: () => Object.fromEntries(start.map((p) => [p.name, cpuMsOf(p.pid) - p.ms])),
  };
}
