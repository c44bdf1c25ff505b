import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { collectPage, type Scan } from './list-page.js';
import {
  encodeContinue,
  listOf,
  selects,
  type Listed,
  type ListQuery,
  type Selection,
} from './list-query.js';
import { ChangeFeed } from './watch/change-feed.js';
import { WatchStream } from './watch/watch-stream.js';

/**
 * A namespaced collection of one kind, read in name order through the scan a selection gives
 * (the store filters what it can; the selection is applied in full afterwards).
 */
export type Collection<T extends Listed> = {
  kind: string;
  apiVersion: string;
  namespace: string;
  scan: (selection: Selection) => Scan<T>;
};

/**
 * Answers GET on a collection: a page of the list (selectors, limit/continue), or a watch.
 * The list's resourceVersion is the newest change at the time, read before the items, so that a
 * watch from it misses nothing; later pages keep the first page's version, as in Kubernetes.
 */
@Injectable()
export class CollectionResponder {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly watches: WatchStream,
  ) {}

  async respond<T extends Listed>(
    response: Response,
    collection: Collection<T>,
    query: ListQuery,
  ): Promise<void> {
    if (query.watch) {
      return this.watches.serve(response, {
        ...collection,
        query,
        scan: collection.scan(query.selection),
      });
    }
    const version = query.continue?.resourceVersion ?? (await this.feed.head()).resourceVersion;
    const page = await collectPage(
      collection.scan(query.selection),
      (item) => selects(query.selection, item),
      query.limit,
      query.continue?.after,
    );
    const next = page.next
      ? encodeContinue({ resourceVersion: version, after: page.next })
      : undefined;
    const items = page.items.map((item) => ({
      apiVersion: collection.apiVersion,
      kind: collection.kind,
      ...item,
    }));
    response.json(listOf(`${collection.kind}List`, collection.apiVersion, items, version, next));
  }
}
