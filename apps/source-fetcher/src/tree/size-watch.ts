import { measureTree, SourceTooLarge, type TreeLimits } from './source-tree.js';

/**
 * Measures a directory over and over while something writes into it (a clone), and aborts
 * `controller` with SourceTooLarge once it passes a limit, so a huge repository stops filling
 * the disk early instead of being found too large at the end. Sleeps at least four times as
 * long as a measurement took, so big trees cost little.
 */
export function watchSize(
  dir: string,
  limits: TreeLimits,
  controller: AbortController,
  minIntervalMs = 500,
): { stop: () => void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const started = Date.now();
    try {
      await measureTree(dir, limits);
    } catch (error) {
      if (error instanceof SourceTooLarge && !stopped) {
        controller.abort(error);
        return;
      }
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), Math.max(minIntervalMs, 4 * (Date.now() - started)));
    }
  };
  timer = setTimeout(() => void tick(), minIntervalMs);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
