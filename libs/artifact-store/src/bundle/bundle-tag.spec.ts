import { bundleTag, parseBundleTag } from './bundle-tag.js';

const digest = `sha256:${'0123456789ab'}${'f'.repeat(52)}`;

describe(bundleTag.name, () => {
  it('encodes the unix seconds and the first 12 hex of the digest', () => {
    expect(bundleTag(digest, new Date(1_700_000_000_999))).toBe('b-1700000000-0123456789ab');
  });

  it('is a valid registry tag', () => {
    expect(bundleTag(digest)).toMatch(/^[\w][\w.-]{0,127}$/);
  });
});

describe(parseBundleTag.name, () => {
  it('reads back what bundleTag wrote', () => {
    const at = new Date(1_700_000_000_000);
    expect(parseBundleTag(bundleTag(digest, at))).toEqual({
      createdAt: at,
      digestPrefix: '0123456789ab',
    });
  });

  it.each([
    ['latest'],
    ['build-1'],
    ['b-12-short'],
    ['b-x-0123456789ab'],
    ['b-1-0123456789abc'],
    ['s-1700000000-0123456789ab'],
  ])('ignores the foreign tag %s', (tag) => {
    expect(parseBundleTag(tag)).toBeUndefined();
  });
});
