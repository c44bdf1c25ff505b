/**
 * Turns git's `--progress` stderr into build log lines: a line git ends with "\n" (a phase's
 * final "done" line, messages, errors) always goes through; the "\r"-terminated updates in
 * between at most once per interval, so a long clone shows it is moving without flooding the log.
 */
export class GitProgress {
  private partial = '';
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (line: string) => void,
    private readonly intervalMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  push(text: string): void {
    // ssh (host key and authentication errors) ends its lines with "\r\n", written whole in one
    // write: a line end like "\n", not a progress update to throttle.
    const segments = (this.partial + text).split(/(\r\n|\r|\n)/);
    this.partial = segments.pop() ?? '';
    for (let i = 0; i + 1 < segments.length; i += 2) {
      const line = (segments[i] ?? '').trim();
      if (line === '') {
        continue;
      }
      if (segments[i + 1] !== '\r') {
        this.send(line);
      } else if (this.now() - this.lastEmit >= this.intervalMs) {
        this.send(line);
      }
    }
  }

  /** What git wrote last without a line end (an error message, usually). */
  flush(): void {
    const line = this.partial.trim();
    this.partial = '';
    if (line) {
      this.send(line);
    }
  }

  private send(line: string): void {
    this.lastEmit = this.now();
    this.emit(line.length > 300 ? `${line.slice(0, 297)}...` : line);
  }
}
