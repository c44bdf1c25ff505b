import { ago, ageOf, formatDuration, humanDuration, shortAge } from './age.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('shortAge', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-1 * s + 1, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [3 * m + 20 * s, '3m20s'],
    [5 * m, '5m'],
    [25 * m, '25m'],
    [179 * m, '179m'],
    [5 * h + 10 * m, '5h10m'],
    [20 * h, '20h'],
    [2 * d + 3 * h, '2d3h'],
    [40 * d, '40d'],
    [3 * 365 * d, '3y'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d, '9y'],
  ])('prints %d ms as %s', (ms, expected) => {
    expect(shortAge(ms)).toBe(expected);
  });
});

describe('humanDuration', () => {
  it.each([
    [500, 'Less than a second'],
    [1 * s, '1 second'],
    [30 * s, '30 seconds'],
    [61 * s, 'About a minute'],
    [5 * m, '5 minutes'],
    [65 * m, 'About an hour'],
    [5 * h, '5 hours'],
    [3 * d, '3 days'],
    [20 * d, '2 weeks'],
    [90 * d, '3 months'],
    [800 * d, '2 years'],
  ])('words %d ms as %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it('prints whole seconds as Go does', () => {
    expect(formatDuration(45_400)).toBe('45s');
    expect(formatDuration(62_000)).toBe('1m2s');
    expect(formatDuration(3_605_000)).toBe('1h0m5s');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('ago and ageOf', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('are relative to now', () => {
    expect(ago('2025-01-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(ageOf('2025-01-01T11:57:00Z', now)).toBe('3m');
  });

  it('say nothing useful without a time', () => {
    expect(ago(undefined, now)).toBe('');
    expect(ageOf(null, now)).toBe('<unknown>');
    expect(ageOf('not a time', now)).toBe('<unknown>');
  });
});
