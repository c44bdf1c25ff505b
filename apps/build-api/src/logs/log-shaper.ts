import type { LogLine } from '@kiln/events';
import type { LogOptions } from './log-options.js';

/**
 * Turns log entries into the bytes of the response, applying the options (pure, no I/O):
 * `since` filters, `timestamps` prefixes, `tailLines` keeps the last lines of what existed when
 * reading began (then, when following, passes new ones through), `limitBytes` cuts the output
 * exactly at the limit, as the kubelet does.
 */
export class LogShaper {
  private readonly tail: string[] = [];
  private live: boolean;
  private written = 0;

  constructor(
    private readonly options: Omit<LogOptions, 'follow'>,
    private readonly emit: (chunk: Buffer) => Promise<void>,
  ) {
    this.live = options.tailLines === undefined;
  }

  /** True once limitBytes is reached: nothing more will be written. */
  get done(): boolean {
    return this.options.limitBytes !== undefined && this.written >= this.options.limitBytes;
  }

  async add(entry: LogLine): Promise<void> {
    if (this.options.since && new Date(entry.time) < this.options.since) {
      return;
    }
    const text = `${this.options.timestamps ? `${entry.time} ` : ''}${entry.line}\n`;
    if (this.live) {
      return this.write(text);
    }
    this.tail.push(text);
    if (this.tail.length > (this.options.tailLines ?? 0)) {
      this.tail.shift();
    }
  }

  /** Everything that existed has been read: the tail goes out, later lines directly. */
  async caughtUp(): Promise<void> {
    if (this.live) {
      return;
    }
    this.live = true;
    for (const text of this.tail.splice(0)) {
      await this.write(text);
    }
  }

  private async write(text: string): Promise<void> {
    if (this.done) {
      return;
    }
    let bytes = Buffer.from(text, 'utf8');
    if (this.options.limitBytes !== undefined) {
      bytes = bytes.subarray(0, this.options.limitBytes - this.written);
    }
    this.written += bytes.length;
    await this.emit(bytes);
  }
}
