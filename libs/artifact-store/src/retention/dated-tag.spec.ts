import { datedTag, parseDatedTag } from './dated-tag.js';

const digest = `sha256:${'0123456789ab'}${'f'.repeat(52)}`;
const at = new Date(1_700_000_000_000);

describe(datedTag.name, () => {
  it('writes the kind letter, the unix seconds and the first 12 hex of the digest', () => {
    expect(datedTag('bundle', digest, new Date(1_700_000_000_999))).toBe(
      'b-1700000000-0123456789ab',
    );
    expect(datedTag('staging', digest, at)).toBe('s-1700000000-0123456789ab');
  });

  it('is a valid registry tag', () => {
    expect(datedTag('staging', digest)).toMatch(/^[\w][\w.-]{0,127}$/);
  });
});

describe(parseDatedTag.name, () => {
  it.each([['bundle' as const], ['staging' as const]])('reads back a %s tag', (kind) => {
    expect(parseDatedTag(datedTag(kind, digest, at))).toEqual({
      kind,
      createdAt: at,
      digestPrefix: '0123456789ab',
    });
  });

  it.each([
    ['latest'],
    // A build uid, the other tag of a staging image: it says nothing of its age.
    ['3f2c9a4e-8d1b-4c7a-9e2f-5b6d7c8e9f01'],
    ['x-1700000000-0123456789ab'],
    ['s-12-short'],
    ['s-x-0123456789ab'],
    ['s-1-0123456789abc'],
    ['S-1700000000-0123456789ab'],
  ])('ignores the foreign tag %s', (tag) => {
    expect(parseDatedTag(tag)).toBeUndefined();
  });
});
