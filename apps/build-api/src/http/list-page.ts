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
