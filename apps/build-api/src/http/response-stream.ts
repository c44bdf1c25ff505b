import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import { once } from 'node:events';

/**
 * Aborted when the app begins to shut down, so that long-lived responses (watches, followed
 * logs) end and the HTTP server can close instead of waiting for their clients.
 */
@Injectable()
export class ServerShutdown implements BeforeApplicationShutdown {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  beforeApplicationShutdown(): void {
    this.controller.abort();
  }
}

/** Aborted when the client goes away, the server shuts down, or after `timeoutSeconds`. */
export function streamSignal(
  response: Response,
  shutdown: ServerShutdown,
  timeoutSeconds?: number,
): AbortSignal {
  const closed = new AbortController();
  response.once('close', () => closed.abort());
  const signals = [closed.signal, shutdown.signal];
  if (timeoutSeconds !== undefined && timeoutSeconds > 0) {
    signals.push(AbortSignal.timeout(timeoutSeconds * 1000));
  }
  return AbortSignal.any(signals);
}

/** Writes a chunk and waits for the socket to take it, so a slow client cannot pile up memory. */
export async function writeChunk(
  response: Response,
  chunk: string | Buffer,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted || response.writableEnded || response.destroyed) {
    return;
  }
  if (!response.write(chunk)) {
    await once(response, 'drain', { signal }).catch(() => undefined);
  }
}
