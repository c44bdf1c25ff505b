export type PeriodicTaskOptions = {
  /** How often the timer asks for a run. */
  everyMs: number;
  /** One run: a sweep, a drain. */
  run: () => Promise<unknown>;
  /** A failed run is reported and the next tick tries again. */
  onError: (error: Error) => void;
};

/**
 * A job a service repeats in the background: one run at a time on this instance, however slow a
 * run is. The timer's tick is skipped while a run is in progress; an explicit `kick` (a NOTIFY, a
 * change just made) during a run asks for one more run right after it, so no request is lost.
 * `stop` waits for the run in progress, so nothing runs after shutdown.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: PeriodicTaskOptions) {}

  /** Starts the timer; `now` also runs at once. */
  start(options: { now?: boolean } = {}): void {
    this.timer = setInterval(() => {
      if (!this.running) {
        this.kick();
      }
    }, this.options.everyMs);
    // Background work never keeps a process alive by itself: its service's server does that.
    this.timer.unref();
    if (options.now) {
      this.kick();
    }
  }

  /** Runs now, or once more as soon as the run in progress ends. */
  kick(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.options.run();
      } catch (error) {
        this.options.onError(error as Error);
      }
    } while (this.again && !this.stopped);
    this.running = undefined;
  }
}
