import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { collectPage, writeJsonPage, type JsonScan, type Scan } from './list-page.js';
import {
  encodeContinue,
  listOf,
  selects,
  type Listed,
  type ListQuery,
  type Selection,
} from './list-query.js';
import { ChangeFeed } from './watch/change-feed.js';
import { WatchStream, type WatchSpec } from './watch/watch-stream.js';

/**
 * A namespaced collection of one kind, read in name order through the scan a selection gives
 * (the store filters what it can; the selection is applied in full afterwards).
 */
export type Collection<T extends Listed> = {
  kind: string;
  apiVersion: string;
  namespace: string;
  scan: (selection: Selection) => Scan<T>;
  /**
   * A store that renders list items as JSON text itself, for the selections it evaluates in
   * full (undefined otherwise): lists then skip parsing and re-serializing every object.
   */
  scanJson?: (selection: Selection) => JsonScan | undefined;
  /** See WatchSpec: completes the objects a watch reads from the change history. */
  hydrate?: WatchSpec['hydrate'];
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
    const jsonScan = collection.scanJson?.(query.selection);
    if (jsonScan) {
      return this.streamList(response, collection, jsonScan, query, await this.versionOf(query));
    }
    response.json(await this.list(collection, query));
  }

  /** One page of the list as an object (for REST's parsed path, and the NATS API). */
  async list<T extends Listed>(collection: Collection<T>, query: ListQuery) {
    const version = await this.versionOf(query);
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
    return listOf(`${collection.kind}List`, collection.apiVersion, items, version, next);
  }

  /** Read before the items, so a watch from it misses nothing; later pages keep the first's. */
  private async versionOf(query: ListQuery): Promise<string> {
    return query.continue?.resourceVersion ?? (await this.feed.head()).resourceVersion;
  }

  /**
   * The list as the store renders it, streamed: items first, then the list metadata (known
   * only once the page is read; JSON readers do not mind the order).
   */
  private async streamList<T extends Listed>(
    response: Response,
    collection: Collection<T>,
    scan: JsonScan,
    query: ListQuery,
    version: string,
  ): Promise<void> {
    response.status(200).type('application/json');
    await send(
      response,
      `{"kind":${JSON.stringify(`${collection.kind}List`)},"apiVersion":${JSON.stringify(collection.apiVersion)},"items":[`,
    );
    const page = await writeJsonPage(
      scan,
      (text) => send(response, text),
      query.limit,
      query.continue?.after,
    );
    const next = page.next
      ? encodeContinue({ resourceVersion: version, after: page.next })
      : undefined;
    const { metadata } = listOf('', '', [], version, next);
    response.end(`],"metadata":${JSON.stringify(metadata)}}`);
  }
}

/** Writes and, when the socket's buffer is full, waits until it drains. */
function send(response: Response, text: string): Promise<void> {
  if (response.write(text)) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client went away during a list'));
    };
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}
