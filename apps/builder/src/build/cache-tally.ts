/** `STEP 2/4: RUN …`, or `[2/2] STEP 2/4: RUN …` in a multi-stage build. */
const STEP = /^(?:\[\d+\/\d+\] )?STEP \d+\/\d+: (\S+)/;
/** Printed by `buildah bud --layers` for a step whose result came from the layer cache. */
const CACHE_HIT = /^--> Using cache /;

export type CacheUse = { hits: number; misses: number };

/**
 * Counts layer cache use from `buildah bud` output, line by line as it streams: every step but
 * FROM (which starts a stage and caches nothing) either hit the cache or ran. Buildah prints
 * nothing else per step, so the output is the only record of it.
 */
export class CacheTally {
  private steps = 0;
  private hits = 0;

  see(line: string): void {
    const step = STEP.exec(line);
    if (step) {
      if (step[1]?.toUpperCase() !== 'FROM') {
        this.steps++;
      }
    } else if (CACHE_HIT.test(line)) {
      this.hits++;
    }
  }

  result(): CacheUse {
    return { hits: this.hits, misses: Math.max(0, this.steps - this.hits) };
  }
}
