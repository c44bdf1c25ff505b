import { bytes, markdownTable, ms, ratio } from './table.js';

describe(markdownTable.name, () => {
  it('pads every column to its widest cell', () => {
    expect(markdownTable(['a', 'bb'], [['long', 'x']])).toBe(
      ['| a    | bb |', '|------|----|', '| long | x  |'].join('\n'),
    );
  });
});

describe('units', () => {
  it('prints milliseconds, then seconds past ten of them', () => {
    expect(ms(849.6)).toBe('850 ms');
    expect(ms(12_340)).toBe('12.3 s');
    expect(ms(Number.NaN)).toBe('–');
  });

  it('prints bytes in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });

  it('prints a ratio with two decimals', () => {
    expect(ratio(11, 10)).toBe('1.10');
    expect(ratio(1, 0)).toBe('–');
  });
});
