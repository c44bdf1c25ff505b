import type { JetStreamClient } from '@nats-io/jetstream';
import type { BuildRef } from './payloads.js';
import { logSubject } from './subjects.js';
import type { LogLine } from './payloads.js';

type Stage = NonNullable<LogLine['stage']>;

/**
 * Writes one build's log lines to its subject, in order, with secret values masked. Each line
 * gets a msg id from the build, stage, attempt and position, so a redelivered job that writes
 * the same lines again does not duplicate them.
 */
export class BuildLogWriter {
  private seq = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly secrets: string[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly build: BuildRef,
    private readonly stage: Stage,
    private readonly attempt = 1,
  ) {}

  /** Values that must never reach the log (tokens, passwords, secret file contents). */
  redact(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value && value.length >= 4) {
        this.secrets.push(value);
      }
    }
  }

  /** `text` with every value given to `redact` replaced, for whatever else leaves the stage. */
  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) {
      masked = masked.split(secret).join('*****');
    }
    return masked;
  }

  line(text: string): void {
    for (const part of this.mask(text).split('\n')) {
      const seq = this.seq++;
      const entry: LogLine = { seq, time: new Date().toISOString(), stage: this.stage, line: part };
      const msgID = `${this.build.uid}:${this.stage}:${this.attempt}:${seq}`;
      // Chained so lines land in the order they were written.
      this.pending = this.pending
        .then(() =>
          this.js.publish(
            logSubject(this.build.namespace, this.build.name),
            JSON.stringify(entry),
            { msgID },
          ),
        )
        .catch(() => undefined);
    }
  }

  /** Waits until every line written so far is stored. */
  async flush(): Promise<void> {
    await this.pending;
  }
}
