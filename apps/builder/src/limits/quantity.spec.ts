import { parseQuantity } from './quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['1G', 1e9],
    ['500m', 0.5],
    ['2', 2],
    ['1.5Gi', 1.5 * 2 ** 30],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(['', 'lots', '12XB', '-1'])('refuses %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
