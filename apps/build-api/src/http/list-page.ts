import type { Listed } from './list-query.js';

/** Reads a collection in name order: up to `size` items whose name sorts after `after`. */
export type Scan<T> = (after: string, size: number) => Promise<T[]>;

const BATCH = 500;

/**
 * One page of at most `limit` kept items, scanning in batches so that a selector the store
 * cannot evaluate in SQL still pages correctly. `next` (the last name returned) is set only when
 * another kept item exists, so a client never fetches an empty last page.
 */
export async function collectPage<T extends Listed>(
  scan: Scan<T>,
  keep: (item: T) => boolean,
  limit: number | undefined,
  after = '',
): Promise<{ items: T[]; next?: string }> {
  const items: T[] = [];
  for (let cursor = after; ;) {
    const batch = await scan(cursor, BATCH);
    for (const item of batch) {
      if (!keep(item)) {
        continue;
      }
      if (limit !== undefined && items.length === limit) {
        return { items, next: nameOf(items[items.length - 1]) };
      }
      items.push(item);
    }
    const last = batch[batch.length - 1];
    if (batch.length < BATCH || !last) {
      return { items };
    }
    cursor = nameOf(last);
  }
}

const nameOf = (item: Listed | undefined): string => item?.metadata?.name ?? '';

/** One item of a collection as the JSON text of its list item, with its name for paging. */
export type JsonItem = { name: string; json: string };

/** Like Scan, for a store that renders list items itself (no selection left to apply). */
export type JsonScan = (after: string, size: number) => Promise<JsonItem[]>;

/**
 * Writes the items of one page as they are read, batch by batch, each separated by a comma,
 * and returns the continue position as collectPage does. Waits for the socket to drain, so a
 * list of thousands of items never sits whole in memory.
 */
export async function writeJsonPage(
  scan: JsonScan,
  write: (text: string) => Promise<void>,
  limit: number | undefined,
  after = '',
): Promise<{ count: number; next?: string }> {
  let count = 0;
  for (let cursor = after; ;) {
    // One item more than the page needs tells whether another page exists.
    const size = limit === undefined ? BATCH : Math.min(BATCH, limit - count + 1);
    const batch = await scan(cursor, size);
    const kept = limit === undefined ? batch : batch.slice(0, limit - count);
    if (kept.length > 0) {
      await write((count > 0 ? ',' : '') + kept.map((i) => i.json).join(','));
      count += kept.length;
    }
    const last = kept[kept.length - 1];
    if (limit !== undefined && count === limit && batch.length > kept.length) {
      return { count, next: last?.name ?? cursor };
    }
    if (batch.length < size || !last) {
      return { count };
    }
    cursor = last.name;
  }
}
