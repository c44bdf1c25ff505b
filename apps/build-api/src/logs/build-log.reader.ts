import { Inject, Injectable } from '@nestjs/common';
import { isTerminalPhase } from '@kiln/build-types';
import { EventBus, LOGS_STREAM, logLineSchema, logSubject } from '@kiln/events';
import { BuildRepository } from '../storage/build.repository.js';

export type LogOptions = { follow: boolean; tailLines?: number };

/** Reads a build's log back from its JetStream subject, in the order it was written. */
@Injectable()
export class BuildLogReader {
  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly builds: BuildRepository,
  ) {}

  async stream(
    namespace: string,
    name: string,
    options: LogOptions,
    write: (line: string) => void,
  ): Promise<void> {
    const consumer = await this.bus.js.consumers.get(LOGS_STREAM.name, {
      filter_subjects: logSubject(namespace, name),
    });
    const decode = (data: string) => {
      const parsed = logLineSchema.safeParse(JSON.parse(data));
      return parsed.success ? parsed.data.line : undefined;
    };
    if (!options.follow) {
      const lines: string[] = [];
      let pending = (await consumer.info()).num_pending;
      while (pending > 0) {
        const batch = await consumer.fetch({
          max_messages: Math.min(pending, 1000),
          expires: 2000,
        });
        let got = 0;
        for await (const msg of batch) {
          got++;
          const line = decode(msg.string());
          if (line !== undefined) {
            lines.push(line);
          }
        }
        pending = got === 0 ? 0 : pending - got;
      }
      const shown = options.tailLines !== undefined ? lines.slice(-options.tailLines) : lines;
      shown.forEach(write);
      return;
    }
    const messages = await consumer.consume();
    const reading = new AbortController();
    const caughtUp = async () =>
      messages.getPending() === 0 && (await consumer.info()).num_pending === 0;
    void this.stopWhenEnded(namespace, name, caughtUp, () => messages.stop(), reading.signal);
    try {
      for await (const msg of messages) {
        const line = decode(msg.string());
        if (line !== undefined) {
          write(line);
        }
      }
    } finally {
      reading.abort();
      messages.stop();
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
    while (!reading.aborted) {
      await new Promise((r) => setTimeout(r, 500));
      const build = await this.builds.get(namespace, name).catch(() => undefined);
      if (!build || (isTerminalPhase(build.status?.phase ?? 'New') && (await caughtUp()))) {
        stop();
        return;
      }
    }
  }
}
