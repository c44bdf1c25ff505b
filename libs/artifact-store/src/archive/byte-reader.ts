/** Reads exact byte counts from a chunked stream, holding at most one chunk beyond what is asked. */
export class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Exactly n bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    for await (const chunk of this.take(n)) {
      parts.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(parts, have);
  }

  /** Yields the next n bytes as they arrive, without collecting them. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buffered.length === 0) {
        if (this.done) {
          return;
        }
        const next = await this.source.next();
        if (next.done) {
          this.done = true;
          return;
        }
        this.buffered = next.value;
        continue;
      }
      const piece = this.buffered.subarray(0, Math.min(left, this.buffered.length));
      this.buffered = this.buffered.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  /** Skips n bytes; returns how many were actually there. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    for await (const chunk of this.take(n)) {
      skipped += chunk.length;
    }
    return skipped;
  }
}
