import type { ListMeta } from '@kiln/build-types';
import type { KilnClient } from './client.js';
import { collectionPath, objectPath, type ResourceType } from './resources.js';
import { readWatchEvents, type Watched, type WatchEvent } from './watch.js';

export type ObjectList<T> = { items: T[]; resourceVersion?: string };

type ListBody<T> = { metadata?: ListMeta | null; items?: T[] | null };

/** Every object of a type in a namespace, following `continue` tokens if the server pages. */
export async function listObjects<T>(
  client: KilnClient,
  type: ResourceType,
  namespace: string,
  labelSelector?: string,
): Promise<ObjectList<T>> {
  const items: T[] = [];
  let next: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const page = await client.get<ListBody<T>>(collectionPath(type, namespace), {
      labelSelector,
      continue: next,
    });
    items.push(...(page.items ?? []));
    resourceVersion = page.metadata?.resourceVersion ?? undefined;
    next = page.metadata?.continue ?? undefined;
  } while (next);
  return { items, resourceVersion };
}

export function getObject<T>(
  client: KilnClient,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<T> {
  return client.get<T>(objectPath(type, namespace, name));
}

export type WatchOptions = {
  labelSelector?: string;
  /** Start after this list's version; without it the server first replays what exists. */
  resourceVersion?: string;
  signal?: AbortSignal;
};

/** The events of `?watch=true` on a collection, until the server ends the stream. */
export async function* watchObjects<T extends Watched>(
  client: KilnClient,
  type: ResourceType,
  namespace: string,
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const response = await client.send('GET', collectionPath(type, namespace), {
    query: {
      watch: 'true',
      labelSelector: options.labelSelector,
      resourceVersion: options.resourceVersion || undefined,
    },
    signal: options.signal,
  });
  if (response.body) {
    yield* readWatchEvents<T>(response.body);
  }
}
