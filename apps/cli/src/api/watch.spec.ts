import { readLines } from './lines.js';
import { readWatchEvents } from './watch.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    yield new TextEncoder().encode(part);
  }
}

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) {
    items.push(item);
  }
  return items;
}

describe('readLines', () => {
  it('splits lines whatever the chunk boundaries', async () => {
    expect(await all(readLines(chunks('a\nb', 'c\r\n', '\nd')))).toEqual(['a', 'bc', '', 'd']);
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('é\n');
    async function* split(): AsyncGenerator<Uint8Array> {
      yield bytes.slice(0, 1);
      yield bytes.slice(1);
    }
    expect(await all(readLines(split()))).toEqual(['é']);
  });
});

describe('readWatchEvents', () => {
  it('yields {type, object} lines and skips anything else', async () => {
    const events = await all(
      readWatchEvents(
        chunks(
          '{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MOD',
          'IFIED","object":{"metadata":{"name":"a"}}}\n',
          'not json\n{"type":"WHAT","object":{}}\n\n',
          '{"type":"ERROR","object":{"kind":"Status","code":410}}',
        ),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'ERROR']);
  });
});
