import { pairOrder, percentile, perMinute, rotation, summarize } from './stats.js';

describe(percentile.name, () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
  });

  it('gives the extremes at 0 and 100, and NaN for no values', () => {
    expect(percentile([3, 7, 9], 0)).toBe(3);
    expect(percentile([3, 7, 9], 100)).toBe(9);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe(summarize.name, () => {
  it('sorts before it reads ranks', () => {
    expect(summarize([5, 1, 3])).toMatchObject({ n: 3, min: 1, median: 3, max: 5, mean: 3 });
  });
});

describe(perMinute.name, () => {
  it('scales a count over a window to one minute', () => {
    expect(perMinute(50, 120_000)).toBe(25);
  });
});

describe(rotation.name, () => {
  it('lets every side go first in turn', () => {
    expect([0, 1, 2, 3].map((i) => rotation(['k', 'r', 'b'], i).join(''))).toEqual([
      'krb',
      'rbk',
      'bkr',
      'krb',
    ]);
  });
});

describe(pairOrder.name, () => {
  it('alternates which side goes first', () => {
    expect([0, 1, 2].map(pairOrder)).toEqual([
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'b'],
    ]);
  });
});
