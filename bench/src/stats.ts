/** The summary every table prints: medians with their spread, and the tail percentiles. */
export type Summary = {
  n: number;
  min: number;
  median: number;
  max: number;
  p95: number;
  p99: number;
  mean: number;
};

/**
 * The p-th percentile (0..100) of sorted values, interpolated linearly between the two nearest
 * ranks (the "type 7" estimator of R and NumPy), so a median of an even count is the midpoint.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    max: sorted.at(-1) ?? Number.NaN,
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : Number.NaN,
  };
}

/** Events per minute over a window in milliseconds. */
export function perMinute(count: number, windowMs: number): number {
  return windowMs > 0 ? (count * 60_000) / windowMs : Number.NaN;
}

/**
 * The order of the two sides in each pair: alternated (AB, BA, AB…) so that a drift of the
 * machine over the run (caches warming, a neighbour's load) does not favour one side.
 */
export function pairOrder(index: number): ['a', 'b'] | ['b', 'a'] {
  return index % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
}

/** The same for any number of sides: each goes first, second… in turn (ABC, BCA, CAB…). */
export function rotation<T>(sides: readonly T[], index: number): T[] {
  const shift = index % Math.max(1, sides.length);
  return [...sides.slice(shift), ...sides.slice(0, shift)];
}
