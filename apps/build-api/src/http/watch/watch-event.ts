import type { Change } from './change-feed.js';

export type WatchEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';
  object: Record<string, unknown>;
};

/**
 * What a watcher with a selector sees of a change, as the Kubernetes watch cache reports it: an
 * object that starts to match is ADDED, one that stops matching is DELETED (its last matching
 * state, at the new resourceVersion), and changes outside the selection are not sent at all.
 */
export function toWatchEvent(
  change: Change,
  keep: (object: Record<string, unknown>) => boolean,
): WatchEvent | undefined {
  const matchesNow = keep(change.object);
  if (change.type !== 'MODIFIED' || !change.oldObject) {
    return matchesNow ? { type: change.type, object: change.object } : undefined;
  }
  const matchedBefore = keep(change.oldObject);
  if (matchesNow) {
    return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object: change.object };
  }
  if (!matchedBefore) {
    return undefined;
  }
  const before = change.oldObject as { metadata?: Record<string, unknown> };
  return {
    type: 'DELETED',
    object: {
      ...change.oldObject,
      metadata: { ...before.metadata, resourceVersion: change.resourceVersion },
    },
  };
}

/** The `object` of an ERROR event: a Status, as the Kubernetes API server sends it. */
export function errorEvent(code: number, reason: string, message: string): WatchEvent {
  return {
    type: 'ERROR',
    object: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
  };
}
