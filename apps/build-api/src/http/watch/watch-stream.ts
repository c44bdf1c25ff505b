import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '../api-error.js';
import { collectPage, type Scan } from '../list-page.js';
import { selects, type Listed, type ListQuery } from '../list-query.js';
import { ServerShutdown, streamSignal, writeChunk } from '../response-stream.js';
import { ChangeFeed } from './change-feed.js';
import { errorEvent, toWatchEvent, type WatchEvent } from './watch-event.js';

/** One collection to watch. */
export type WatchSpec = {
  kind: string;
  apiVersion: string;
  namespace: string;
  query: ListQuery;
  /** The current objects, for a watch that starts without a resourceVersion. */
  scan: Scan<Listed>;
  /**
   * Completes an object of the change history before it is sent, for a kind whose stored object
   * lacks part of what a GET returns (a Secret's data lives in another table). Objects from
   * `scan` are sent as they are: the scan already returns them whole.
   */
  hydrate?: (object: Record<string, unknown>) => Promise<Record<string, unknown>>;
};

const BATCH = 500;

/**
 * Serves `?watch=true`: one JSON event per line, as the Kubernetes API server does. Without a
 * resourceVersion (or with "0") the current objects come first as ADDED; with one, the changes
 * after it are replayed from history (410 when pruned), then live ones follow. Ends when the
 * client disconnects, `timeoutSeconds` passes, or the server shuts down, leaving nothing behind.
 */
@Injectable()
export class WatchStream {
  private readonly logger = new Logger(WatchStream.name);

  constructor(
    private readonly feed: ChangeFeed,
    private readonly shutdown: ServerShutdown,
  ) {}

  async serve(response: Response, spec: WatchSpec): Promise<void> {
    const keep = (object: Listed) => selects(spec.query.selection, object);
    // Resolved before the headers, so a stale version is an ordinary 410 response.
    const start = await this.start(spec, keep);
    const signal = streamSignal(response, this.shutdown, spec.query.timeoutSeconds);
    response.status(200);
    response.setHeader('Content-Type', 'application/json');
    response.setHeader('Cache-Control', 'no-cache, private');
    response.flushHeaders();
    const send = (event: WatchEvent) =>
      writeChunk(response, `${JSON.stringify(this.withKind(spec, event))}\n`, signal);
    let dirty = true;
    // Set while the loop sleeps: resolves that sleep.
    let wake: () => void = () => undefined;
    const unsubscribe = this.feed.subscribe(() => {
      dirty = true;
      wake();
    });
    try {
      for (const event of start.initial) {
        await send(event);
      }
      let cursor = start.position;
      while (!signal.aborted) {
        if (!dirty) {
          await new Promise<void>((resolve) => {
            const done = () => {
              signal.removeEventListener('abort', done);
              wake = () => undefined;
              resolve();
            };
            wake = done;
            signal.addEventListener('abort', done);
          });
          continue;
        }
        dirty = false;
        const changes = await this.feed.after(spec.kind, spec.namespace, cursor, BATCH);
        if (changes === 'expired') {
          await send(errorEvent(410, 'Expired', 'the watch fell behind the retained history'));
          break;
        }
        for (const change of changes) {
          cursor = change.position;
          const event = toWatchEvent(change, keep);
          if (event) {
            await send(
              spec.hydrate ? { ...event, object: await spec.hydrate(event.object) } : event,
            );
          }
        }
        dirty ||= changes.length === BATCH;
      }
    } catch (error) {
      this.logger.warn(`watch of ${spec.kind} in ${spec.namespace}: ${(error as Error).message}`);
      await send(errorEvent(500, 'InternalError', 'the watch failed; start it again'));
    } finally {
      unsubscribe();
      response.end();
    }
  }

  private async start(
    spec: WatchSpec,
    keep: (object: Listed) => boolean,
  ): Promise<{ position: string; initial: WatchEvent[] }> {
    const version = spec.query.resourceVersion;
    if (version === undefined || version === '0') {
      // The head is read before the objects: a change in between is sent twice, never lost.
      const { position } = await this.feed.head();
      const { items } = await collectPage(spec.scan, keep, undefined);
      return {
        position,
        initial: items.map((object) => ({ type: 'ADDED', object })),
      };
    }
    if (!/^\d+$/.test(version)) {
      throw new ApiError('BadRequest', `resourceVersion "${version}" is not a valid version`);
    }
    const resumed = await this.feed.resumeAfter(version);
    if (resumed === 'expired') {
      throw new ApiError('Expired', `too old resource version: ${version}`);
    }
    return { position: resumed.position, initial: [] };
  }

  private withKind(spec: WatchSpec, event: WatchEvent): WatchEvent {
    return event.type === 'ERROR'
      ? event
      : { ...event, object: { apiVersion: spec.apiVersion, kind: spec.kind, ...event.object } };
  }
}
