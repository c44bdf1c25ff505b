import { expiredBundleTags } from './expired-bundles.js';

const cutoff = new Date(2_000_000 * 1000);
const tag = (seconds: number, prefix: string) => `b-${seconds}-${prefix}`;

describe(expiredBundleTags.name, () => {
  it('returns bundles whose tag is older than the cutoff', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(3_000_000, 'bbbbbbbbbbbb')];
    expect(expiredBundleTags(tags, cutoff)).toEqual([tag(1_000_000, 'aaaaaaaaaaaa')]);
  });

  it('keeps a bundle tagged again after the cutoff', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(3_000_000, 'aaaaaaaaaaaa')];
    expect(expiredBundleTags(tags, cutoff)).toEqual([]);
  });

  it('names each expired bundle once', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(1_500_000, 'aaaaaaaaaaaa')];
    expect(expiredBundleTags(tags, cutoff)).toEqual([tag(1_500_000, 'aaaaaaaaaaaa')]);
  });

  it('never touches tags it did not write', () => {
    expect(expiredBundleTags(['latest', 'v1', 'b-1-short'], cutoff)).toEqual([]);
  });
});
