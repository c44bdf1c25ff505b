import { parseS2iEnvironmentFile } from './s2i-environment-file.js';

describe(parseS2iEnvironmentFile.name, () => {
  it('splits on the first = and skips comments and malformed lines', () => {
    const text = '# comment\nA=1\n  B = two words \nC=x=y\nnoequals\n=empty\nBAD NAME=1\r\nD=\n';
    expect(parseS2iEnvironmentFile(text)).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two words' },
      { name: 'C', value: 'x=y' },
      { name: 'D', value: '' },
    ]);
  });
});
