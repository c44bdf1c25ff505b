import type { Output } from '../environment.js';

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Passes chunks through, reporting the running total after each. */
export async function* counted(
  source: AsyncIterable<Uint8Array>,
  onTotal: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    onTotal(total);
    yield chunk;
  }
}

/**
 * Upload progress on stderr: on a terminal one line redrawn at most every `intervalMs`;
 * elsewhere (logs, CI) only the closing line, so nothing floods.
 */
export class UploadProgress {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stderr: Output,
    private readonly interactive: boolean,
    private readonly now: () => number,
    private readonly size?: number,
    private readonly intervalMs = 100,
  ) {}

  update(bytes: number): void {
    if (!this.interactive || this.now() - this.lastDraw < this.intervalMs) {
      return;
    }
    this.lastDraw = this.now();
    this.drawn = true;
    const of = this.size
      ? ` of ${formatBytes(this.size)} (${Math.floor((bytes / this.size) * 100)}%)`
      : '';
    this.stderr.write(`\r\x1b[KUploaded ${formatBytes(bytes)}${of}`);
  }

  finish(bytes: number): void {
    if (this.drawn) {
      this.stderr.write('\r\x1b[K');
    }
    this.stderr.write(`Uploading finished (${formatBytes(bytes)})\n`);
  }
}
