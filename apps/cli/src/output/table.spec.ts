import { columnWidths, formatRow, formatTable } from './table.js';

describe('formatTable', () => {
  it('aligns columns with three spaces after the widest cell', () => {
    const lines = formatTable({
      headers: ['NAME', 'TYPE', 'FROM', 'LATEST'],
      rows: [
        ['hello', 'Docker', 'Git@main', '3'],
        ['a-much-longer-name', 'Source', 'Binary', '12'],
      ],
    });
    expect(lines).toEqual([
      'NAME                 TYPE     FROM       LATEST',
      'hello                Docker   Git@main   3',
      'a-much-longer-name   Source   Binary     12',
    ]);
  });

  it('gives narrow columns a minimum width of six', () => {
    const lines = formatTable({ headers: ['A', 'B'], rows: [['x', 'y']] });
    expect(lines).toEqual(['A     B', 'x     y']);
  });

  it('trims the blanks an empty last cell would leave', () => {
    const lines = formatTable({ headers: ['NAME', 'STARTED'], rows: [['hello-1', '']] });
    expect(lines[1]).toBe('hello-1');
  });

  it('leaves the header out when asked', () => {
    expect(formatTable({ headers: ['NAME'], rows: [['a']] }, { headers: false })).toEqual(['a']);
  });
});

describe('formatRow', () => {
  it('pads every cell but the last to the given widths', () => {
    const widths = columnWidths({ headers: ['NAME', 'STATUS'], rows: [] });
    expect(formatRow(['x', 'Running'], widths)).toBe('x      Running');
  });
});
