import type { ObjectMeta, Status } from '@kiln/build-types';
import { readLines } from './lines.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One line of a `?watch=true` stream; ERROR events carry a Status as their object. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

export type Watched = { metadata?: ObjectMeta | null };

const eventTypes = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Parses a watch stream (one JSON `{type, object}` per line); other lines are skipped. */
export async function* readWatchEvents<T extends Watched>(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<WatchEvent<T>> {
  for await (const line of readLines(chunks)) {
    if (!line.trim()) {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const event = parsed as { type?: unknown; object?: unknown };
    if (
      typeof event.type === 'string' &&
      eventTypes.has(event.type) &&
      event.object !== null &&
      typeof event.object === 'object'
    ) {
      yield event as WatchEvent<T>;
    }
  }
}
