import { secretMatches } from './webhook-secret.js';

describe(secretMatches.name, () => {
  it('matches the same secret', () => {
    expect(secretMatches('s3cr3t-value', 's3cr3t-value')).toBe(true);
  });

  it('refuses a prefix, a longer value and another value', () => {
    expect(secretMatches('s3cr3t', 's3cr3t-value')).toBe(false);
    expect(secretMatches('s3cr3t-value-x', 's3cr3t-value')).toBe(false);
    expect(secretMatches('other', 's3cr3t-value')).toBe(false);
  });

  it('never matches a missing or empty expected secret', () => {
    expect(secretMatches('', '')).toBe(false);
    expect(secretMatches('', undefined)).toBe(false);
  });
});
