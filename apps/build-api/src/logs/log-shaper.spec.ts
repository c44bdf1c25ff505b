import type { LogLine } from '@kiln/events';
import { LogShaper } from './log-shaper.js';

const entry = (seq: number, line: string): LogLine => ({
  seq,
  time: `2025-06-01T10:00:0${seq}.000Z`,
  line,
});

async function shape(
  options: ConstructorParameters<typeof LogShaper>[0],
  lines: string[],
  caughtUpAt = lines.length,
) {
  const out: Buffer[] = [];
  const shaper = new LogShaper(options, async (chunk) => void out.push(chunk));
  for (const [i, line] of lines.entries()) {
    if (i === caughtUpAt) {
      await shaper.caughtUp();
    }
    await shaper.add(entry(i, line));
  }
  await shaper.caughtUp();
  return { text: Buffer.concat(out).toString('utf8'), shaper };
}

describe(LogShaper.name, () => {
  it('writes lines as they come', async () => {
    expect((await shape({ timestamps: false }, ['a', 'b'])).text).toBe('a\nb\n');
  });

  it('prefixes RFC 3339 timestamps', async () => {
    expect((await shape({ timestamps: true }, ['a'])).text).toBe('2025-06-01T10:00:00.000Z a\n');
  });

  it('keeps the last tailLines of what existed, then passes new lines', async () => {
    expect((await shape({ timestamps: false, tailLines: 2 }, ['a', 'b', 'c', 'd'], 3)).text).toBe(
      'b\nc\nd\n',
    );
    expect((await shape({ timestamps: false, tailLines: 0 }, ['a', 'b'])).text).toBe('');
  });

  it('cuts the output exactly at limitBytes and then reports done', async () => {
    const { text, shaper } = await shape({ timestamps: false, limitBytes: 5 }, [
      'abc',
      'def',
      'ghi',
    ]);
    expect(text).toBe('abc\nd');
    expect(shaper.done).toBe(true);
  });

  it('drops lines older than since', async () => {
    const since = new Date('2025-06-01T10:00:01.000Z');
    expect((await shape({ timestamps: false, since }, ['a', 'b', 'c'])).text).toBe('b\nc\n');
  });
});
