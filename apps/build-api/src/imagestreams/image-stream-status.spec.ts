import {
  findImage,
  latestEvent,
  statusGeneration,
  TAG_HISTORY_LIMIT,
  withOutcome,
  withTagEvent,
} from './image-stream-status.js';
import type { ImageStream, TagEvent } from './image-stream.schema.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const event = (c: string, generation = 1): TagEvent => ({
  created: '2025-01-01T00:00:00.000Z',
  dockerImageReference: `r/a/is@${digest(c)}`,
  image: digest(c),
  generation,
});
const aStream = (): ImageStream => ({
  metadata: { name: 'is', namespace: 'a', generation: 1 },
  spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'x/y:1' }, generation: 2 }] },
  status: { dockerImageRepository: 'r/a/is', tags: [] },
});
const now = new Date('2025-01-02T00:00:00Z');

describe('withTagEvent', () => {
  it('puts a new image first, tags in name order', () => {
    const one = withTagEvent(aStream(), 'v1', event('a'))!;
    const two = withTagEvent(withTagEvent(one, 'b', event('c'))!, 'v1', event('b'))!;

    expect(two.status?.tags?.map((t) => t.tag)).toEqual(['b', 'v1']);
    expect(latestEvent(two, 'v1')?.image).toBe(digest('b'));
    expect(two.status?.tags?.[1]?.items).toHaveLength(2);
  });

  it('changes nothing when the tag already points at the image', () => {
    const one = withTagEvent(aStream(), 'v1', event('a'))!;

    expect(withTagEvent(one, 'v1', event('a'))).toBeUndefined();
  });

  it(`keeps the newest ${TAG_HISTORY_LIMIT} images`, () => {
    let stream = aStream();
    for (const c of 'abcdefghijkl') {
      stream = withTagEvent(stream, 'v1', event(c))!;
    }

    expect(stream.status?.tags?.[0]?.items).toHaveLength(TAG_HISTORY_LIMIT);
    expect(latestEvent(stream, 'v1')?.image).toBe(digest('l'));
  });
});

describe('withOutcome', () => {
  it('records a failed import as a condition of the generation, keeping the image', () => {
    const imported = withOutcome(aStream(), 'latest', 2, event('a', 2), now)!;

    const failed = withOutcome(
      imported,
      'latest',
      3,
      { reason: 'NotFound', message: 'gone' },
      now,
    )!;

    expect(latestEvent(failed, 'latest')?.image).toBe(digest('a'));
    expect(failed.status?.tags?.[0]?.conditions).toEqual([
      expect.objectContaining({
        type: 'ImportSuccess',
        status: 'False',
        reason: 'NotFound',
        generation: 3,
      }),
    ]);
    expect(statusGeneration(failed, 'latest')).toBe(3);
  });

  it('answers a newer generation with the same image without adding history', () => {
    const imported = withOutcome(aStream(), 'latest', 2, event('a', 2), now)!;

    const again = withOutcome(imported, 'latest', 4, event('a', 4), now)!;

    expect(again.status?.tags?.[0]?.items).toHaveLength(1);
    expect(statusGeneration(again, 'latest')).toBe(4);
    expect(withOutcome(again, 'latest', 4, event('a', 4), now)).toBeUndefined();
  });
});

describe('findImage', () => {
  it('finds an image by digest in any tag', () => {
    const stream = withTagEvent(withTagEvent(aStream(), 'a', event('a'))!, 'b', event('b'))!;

    expect(findImage(stream, digest('b'))?.dockerImageReference).toBe(`r/a/is@${digest('b')}`);
    expect(findImage(stream, digest('c'))).toBeUndefined();
  });
});
