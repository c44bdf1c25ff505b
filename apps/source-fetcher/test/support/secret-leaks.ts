import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FetcherHarness, Outcome } from './fetcher-harness.js';

/** The credential files of fetches in progress (each fetch's `secrets` dir), with their modes. */
export function secretFiles(fetcher: FetcherHarness): { name: string; mode: number }[] {
  const work = join(fetcher.work.path, 'work');
  return readdirSync(work)
    .filter((dir) => dir.startsWith('fetch-') && existsSync(join(work, dir, 'secrets')))
    .flatMap((dir) =>
      readdirSync(join(work, dir, 'secrets')).map((name) => ({
        name,
        mode: statSync(join(work, dir, 'secrets', name)).mode & 0o777,
      })),
    );
}

/**
 * All a user can read of a fetch, for "is this secret anywhere in it" checks: the event (less
 * the Build it echoes, which is the user's own), the build log and every file of the bundle.
 */
export async function publishedText(fetcher: FetcherHarness, result: Outcome): Promise<string> {
  const { build: _echoed, ...written } = result.data;
  const bundle = result.data.bundle ? allText(await fetcher.extract(result.data.bundle)) : '';
  return [JSON.stringify(written), ...result.log, bundle].join('\n');
}

function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, 'latin1'))
    .join('\n');
}
