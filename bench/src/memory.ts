import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (VmRSS), or NaN once it is gone. */
export function rssOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export type Rss = Record<string, number>;

/** One reading of every process named. */
export function rssSnapshot(processes: readonly { name: string; pid: number }[]): Rss {
  return Object.fromEntries(processes.map((p) => [p.name, rssOf(p.pid)]));
}

/** Samples the processes a callback lists (it may change) and keeps each one's peak. */
export class RssSampler {
  private readonly peaks: Rss = {};
  private readonly timer: NodeJS.Timeout;

  constructor(processes: () => { name: string; pid: number }[], intervalMs = 200) {
    const sample = () => {
      for (const [name, rss] of Object.entries(rssSnapshot(processes()))) {
        if (Number.isFinite(rss) && !((this.peaks[name] ?? 0) >= rss)) {
          this.peaks[name] = rss;
        }
      }
    };
    sample();
    this.timer = setInterval(sample, intervalMs);
  }

  stop(): Rss {
    clearInterval(this.timer);
    return { ...this.peaks };
  }
}
