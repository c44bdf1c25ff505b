import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { IncomingMessage } from 'node:http';
import { limitedBody, peek, UploadTooLarge } from './upload-stream.js';

/** A request-like stream: what limitedBody reads of an IncomingMessage. */
function request(chunks: string[]): IncomingMessage {
  const stream = Object.assign(new PassThrough(), { complete: false });
  for (const chunk of chunks) {
    stream.write(chunk);
  }
  stream.end();
  stream.on('end', () => (stream.complete = true));
  return stream as unknown as IncomingMessage;
}

describe('upload streams', () => {
  describe(peek.name, () => {
    it('returns the head and the whole content', async () => {
      const { head, body } = await peek(
        Readable.from([Buffer.from('abc'), Buffer.from('defgh')]),
        4,
      );
      expect(head.toString()).toBe('abcd');
      expect(await text(body)).toBe('abcdefgh');
    });

    it('copes with content shorter than the head', async () => {
      const { head, body } = await peek(Readable.from([Buffer.from('ab')]), 10);
      expect(head.toString()).toBe('ab');
      expect(await text(body)).toBe('ab');
    });
  });

  describe(limitedBody.name, () => {
    it('passes a body within the limit', async () => {
      expect(await text(limitedBody(request(['12345', '678']), 8))).toBe('12345678');
    });

    it('fails at the first byte over the limit', async () => {
      await expect(text(limitedBody(request(['12345', '6789']), 8))).rejects.toBeInstanceOf(
        UploadTooLarge,
      );
    });
  });
});
