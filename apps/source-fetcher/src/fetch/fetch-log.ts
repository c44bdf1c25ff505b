/** The build log as a fetch writes it (BuildLogWriter in a worker, an array in unit tests). */
export type FetchLog = {
  line(text: string): void;
  /** Values masked in every later line. */
  redact(...values: (string | undefined)[]): void;
};

/**
 * Keeps the secret values a fetch handled and masks them in any text that leaves the fetcher:
 * log lines (through the log's own masking) and failure messages, which are published as-is.
 */
export class Redactor {
  private readonly values = new Set<string>();

  constructor(private readonly log: FetchLog) {}

  add(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value && value.length >= 4) {
        this.values.add(value);
      }
    }
    this.log.redact(...values);
  }

  get secrets(): string[] {
    return [...this.values];
  }

  apply(text: string): string {
    let masked = text;
    for (const value of this.values) {
      masked = masked.split(value).join('*****');
    }
    return masked;
  }
}
