import type { BuildApiHarness } from './harness.js';
import { responseReader } from './response-reader.js';

/** One line of a watch response. */
export type WatchEvent<T> = { type: string; object: T };

/** Reads a watch response line by line, with a deadline on each wait. */
export function watchReader<T = unknown>(response: Response, close: () => void) {
  const stream = responseReader(response);
  const queue: WatchEvent<T>[] = [];
  let parsed = 0;
  const pump = async (ms: number): Promise<boolean> => {
    const came = await stream.pump(ms);
    const text = stream.read.text;
    for (let nl = text.indexOf('\n', parsed); nl >= 0; nl = text.indexOf('\n', parsed)) {
      const line = text.slice(parsed, nl);
      parsed = nl + 1;
      if (line.trim()) {
        queue.push(JSON.parse(line) as WatchEvent<T>);
      }
    }
    return came;
  };
  return {
    async next(ms = 5000): Promise<WatchEvent<T>> {
      const deadline = Date.now() + ms;
      while (queue.length === 0) {
        if (stream.read.ended) {
          throw new Error('the watch ended');
        }
        if (!(await pump(Math.max(1, deadline - Date.now())))) {
          throw new Error(`no watch event within ${ms} ms`);
        }
      }
      return queue.shift()!;
    },
    /** Events until the stream goes quiet for `ms`. */
    async drain(ms = 700): Promise<WatchEvent<T>[]> {
      while (!stream.read.ended && (await pump(ms))) {
        // keep reading
      }
      return queue.splice(0);
    },
    ended: stream.ended,
    close,
  };
}

/** Opens a watch (a GET with `watch=true` in `url`); the caller checks the status. */
export async function openWatch<T>(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  return { response, events: watchReader<T>(response, () => controller.abort()) };
}

/** A collection's list resourceVersion now: where a watch that misses nothing after it starts. */
export async function listVersion(api: BuildApiHarness, path: string): Promise<string> {
  const list = (await (await api.request('GET', path)).json()) as {
    metadata: { resourceVersion: string };
  };
  return list.metadata.resourceVersion;
}

/** A watch of `path` from `version` with the admin token, checked to have started (200). */
export async function watchFrom<T>(api: BuildApiHarness, path: string, version: string) {
  const { response, events } = await openWatch<T>(
    `${api.url}${path}?watch=true&resourceVersion=${version}`,
    api.tokens.admin,
  );
  expect(response.status).toBe(200);
  return events;
}
