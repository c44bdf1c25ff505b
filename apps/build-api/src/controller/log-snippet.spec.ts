import { logSnippet } from './log-snippet.js';

describe(logSnippet.name, () => {
  it('keeps the last 5 lines', () => {
    const output = ['1', '2', '3', '4', '5', '6', '7'].join('\n');
    expect(logSnippet(output)).toBe('3\n4\n5\n6\n7');
  });

  it('keeps fewer lines whole', () => {
    expect(logSnippet('only\ntwo')).toBe('only\ntwo');
  });

  it('does not count trailing newlines as lines', () => {
    expect(logSnippet('a\nb\nc\nd\ne\nf\n\n')).toBe('b\nc\nd\ne\nf');
  });

  it('shortens a line over 120 characters to its first 58, "..." and its last 59', () => {
    const head = 'h'.repeat(58);
    const tail = 't'.repeat(59);
    const line = `${head}${'m'.repeat(10)}${tail}`;
    const snippet = logSnippet(`before\n${line}`);
    expect(snippet).toBe(`before\n${head}...${tail}`);
    expect(snippet?.split('\n')[1]).toHaveLength(120);
  });

  it('keeps a line of exactly 120 characters', () => {
    const line = 'x'.repeat(120);
    expect(logSnippet(line)).toBe(line);
  });

  it('shortens a line of 121 characters', () => {
    const line = `${'a'.repeat(60)}b${'c'.repeat(60)}`;
    expect(logSnippet(line)).toBe(`${'a'.repeat(58)}...${'c'.repeat(59)}`);
  });

  it('never cuts a character in two', () => {
    const line = '€'.repeat(57) + '😀' + 'x'.repeat(70) + '😀'.repeat(59);
    expect(logSnippet(line)).toBe(`${'€'.repeat(57)}😀...${'😀'.repeat(59)}`);
  });

  it('is undefined for no output', () => {
    expect(logSnippet(undefined)).toBeUndefined();
    expect(logSnippet('')).toBeUndefined();
    expect(logSnippet('\n\n')).toBeUndefined();
  });
});
