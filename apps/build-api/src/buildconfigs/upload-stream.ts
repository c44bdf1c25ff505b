import type { IncomingMessage } from 'node:http';
import { Readable, Transform, type TransformCallback } from 'node:stream';

/** The upload went over KILN_MAX_UPLOAD_BYTES. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes`);
  }
}

/** The client went away before the upload ended. */
export class UploadAborted extends Error {
  constructor() {
    super('the client closed the connection before the upload was complete');
  }
}

/** Passes bytes through and fails with UploadTooLarge at the first byte over `limit`. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new UploadTooLarge(this.limit));
      return;
    }
    done(null, chunk);
  }
}

/**
 * The request body as a stream that errors when it passes `limit` or the client aborts. The
 * request itself is only unpiped, never destroyed, so an error response can still be sent.
 */
export function limitedBody(request: IncomingMessage, limit: number): Readable {
  const limited = new ByteLimit(limit);
  request.on('close', () => {
    if (!request.complete) {
      limited.destroy(new UploadAborted());
    }
  });
  request.on('error', () => limited.destroy(new UploadAborted()));
  request.pipe(limited);
  return limited;
}

/**
 * Reads the first `bytes` of `source` (fewer if it ends sooner) and returns them with a stream
 * of the whole content, head included, that pulls the rest on demand: nothing more is buffered.
 */
export async function peek(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; body: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length > 0) {
      yield head;
    }
    for (
      let next = ended ? undefined : await iterator.next();
      next && !next.done;
      next = await iterator.next()
    ) {
      yield next.value;
    }
  }
  return { head: head.subarray(0, bytes), body: Readable.from(whole(), { objectMode: false }) };
}
