import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminalPhase } from '@kiln/build-types';
import { EventBus, LOGS_STREAM, logLineSchema, logSubject, type LogLine } from '@kiln/events';
import { BuildRepository } from '../storage/build.repository.js';
import type { LogOptions } from './log-options.js';
import { LogShaper } from './log-shaper.js';

/** How often a follower checks whether its build has ended. */
const END_CHECK_MS = 500;

/** Reads a build's log back from its JetStream subject, in the order it was written. */
@Injectable()
export class BuildLogReader {
  private following = 0;

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly builds: BuildRepository,
  ) {}

  /** Follows in progress in this process (for tests and metrics). */
  get followers(): number {
    return this.following;
  }

  /**
   * Writes the log as `options` say. Without `follow` it ends once what exists is written; with
   * it, when the build has ended and every line is out, when limitBytes is reached, or as soon
   * as `signal` aborts (the client went away): the consumer and the end check stop with it.
   */
  async stream(
    namespace: string,
    name: string,
    options: LogOptions,
    write: (chunk: Buffer) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    const shaper = new LogShaper(options, write);
    const consumer = await this.bus.js.consumers.get(LOGS_STREAM.name, {
      filter_subjects: logSubject(namespace, name),
    });
    if ((await consumer.info()).num_pending === 0) {
      await shaper.caughtUp();
      if (!options.follow) {
        return;
      }
    }
    const messages = await consumer.consume();
    const stop = () => messages.stop();
    const checking = new AbortController();
    signal.addEventListener('abort', stop);
    if (options.follow) {
      this.following++;
      const caughtUp = async () =>
        messages.getPending() === 0 && (await consumer.info()).num_pending === 0;
      void this.stopWhenEnded(namespace, name, caughtUp, stop, checking.signal);
    }
    try {
      for await (const msg of messages) {
        const entry = decode(msg.string());
        if (entry) {
          await shaper.add(entry);
        }
        if (msg.info.pending === 0) {
          await shaper.caughtUp();
          if (!options.follow) {
            break;
          }
        }
        if (shaper.done || signal.aborted) {
          break;
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
      checking.abort();
      messages.stop();
      if (options.follow) {
        this.following--;
      }
    }
  }

  /** Polls until the build has ended (or is gone) and `caughtUp` holds, then calls `stop`. */
  private async stopWhenEnded(
    namespace: string,
    name: string,
    caughtUp: () => Promise<boolean>,
    stop: () => void,
    reading: AbortSignal,
  ): Promise<void> {
    try {
      while (!reading.aborted) {
        await sleep(END_CHECK_MS, undefined, { signal: reading });
        const build = await this.builds.get(namespace, name).catch(() => undefined);
        if (!build || (isTerminalPhase(build.status?.phase ?? 'New') && (await caughtUp()))) {
          stop();
          return;
        }
      }
    } catch {
      // Aborted: the reader has already stopped.
    }
  }
}

function decode(data: string): LogLine | undefined {
  try {
    const parsed = logLineSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
