import { expiredTags } from './expired-tags.js';

const cutoff = new Date(2_000_000 * 1000);
const tag = (seconds: number, prefix: string, kind = 'b') => `${kind}-${seconds}-${prefix}`;

describe(expiredTags.name, () => {
  it('returns manifests whose tag is older than the cutoff', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(3_000_000, 'bbbbbbbbbbbb')];
    expect(expiredTags(tags, 'bundle', cutoff)).toEqual([tag(1_000_000, 'aaaaaaaaaaaa')]);
  });

  it('keeps a manifest tagged again after the cutoff', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(3_000_000, 'aaaaaaaaaaaa')];
    expect(expiredTags(tags, 'bundle', cutoff)).toEqual([]);
  });

  it('names each expired manifest once', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa'), tag(1_500_000, 'aaaaaaaaaaaa')];
    expect(expiredTags(tags, 'bundle', cutoff)).toEqual([tag(1_500_000, 'aaaaaaaaaaaa')]);
  });

  it('reads only the dated tags of the kind asked for', () => {
    const tags = [tag(1_000_000, 'aaaaaaaaaaaa', 's'), tag(1_000_000, 'bbbbbbbbbbbb', 'b')];
    expect(expiredTags(tags, 'staging', cutoff)).toEqual([tag(1_000_000, 'aaaaaaaaaaaa', 's')]);
    expect(expiredTags(tags, 'bundle', cutoff)).toEqual([tag(1_000_000, 'bbbbbbbbbbbb', 'b')]);
  });

  it('never touches tags it did not write, such as the build uid of a staging image', () => {
    const uid = '3f2c9a4e-8d1b-4c7a-9e2f-5b6d7c8e9f01';
    expect(expiredTags(['latest', 'v1', 'b-1-short', uid], 'bundle', cutoff)).toEqual([]);
    expect(expiredTags(['latest', uid], 'staging', cutoff)).toEqual([]);
  });
});
