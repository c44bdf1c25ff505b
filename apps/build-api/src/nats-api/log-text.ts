import type { BuildLogReader } from '../logs/build-log.reader.js';
import type { LogOptions } from '../logs/log-options.js';

/**
 * A build's log as the REST log route writes it without `follow`, as one text. Reading stops
 * past `budget` bytes: a longer text could not be sent in one reply anyway (see fitting), and a
 * long log is never held whole in memory for nothing.
 */
export async function logText(
  reader: BuildLogReader,
  namespace: string,
  name: string,
  options: LogOptions,
  budget: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  const limitBytes = Math.min(options.limitBytes ?? Infinity, budget + 1);
  await reader.stream(
    namespace,
    name,
    { ...options, follow: false, limitBytes },
    (chunk) => {
      chunks.push(chunk);
      return Promise.resolve();
    },
    new AbortController().signal,
  );
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A call's log options as the REST route's query carries them, so that the route's own parser
 * reads them, with its defaults and its errors (naming the same fields).
 */
export function asLogQuery(options: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
}
