import { existsSync, readdirSync } from 'node:fs';
import { sleep } from './farm.js';

/** The entries of `dir` right now (none when it does not exist yet). */
export const entriesOf = (dir: string): Set<string> =>
  new Set(existsSync(dir) ? readdirSync(dir) : []);

/**
 * Resolves when an entry starting with `prefix` that was not in `before` appears in `dir`: a
 * worker creates one per job as it takes the job, so this is the moment the job is in its hands.
 */
export async function newEntry(
  dir: string,
  prefix: string,
  before: Set<string>,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = [...entriesOf(dir)].find((e) => e.startsWith(prefix) && !before.has(e));
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`no new ${prefix}* in ${dir} within ${timeoutMs} ms`);
    }
    await sleep(5);
  }
}
