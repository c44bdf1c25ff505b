import { prepareCreate, prepareUpdate, withoutTag, withSpecTag } from './image-stream-spec.js';
import type { ImageStream } from './image-stream.schema.js';

const created = (): ImageStream =>
  prepareCreate(
    {
      metadata: { name: 'nodejs' },
      spec: {
        tags: [
          { name: 'latest', from: { kind: 'DockerImage', name: 'r/kiln/s2i-nodejs:latest' } },
          { name: '18', from: { kind: 'ImageStreamTag', name: 'latest' } },
        ],
      },
      status: { dockerImageRepository: 'forged', tags: [{ tag: 'x', items: [] }] },
    },
    'openshift',
    '127.0.0.1:5000',
  );

describe('prepareCreate', () => {
  it('sets generation 1, the Source reference policy and the server-owned status', () => {
    const stream = created();

    expect(stream.metadata.generation).toBe(1);
    expect(stream.spec?.tags?.map((t) => [t.generation, t.referencePolicy?.type])).toEqual([
      [1, 'Source'],
      [1, 'Source'],
    ]);
    expect(stream.status).toEqual({
      dockerImageRepository: '127.0.0.1:5000/openshift/nodejs',
      publicDockerImageRepository: '127.0.0.1:5000/openshift/nodejs',
      tags: [],
    });
  });
});

describe('prepareUpdate', () => {
  it('moves the generation of changed tags only', () => {
    const current = created();
    const next = withSpecTag(current, {
      name: 'latest',
      from: { kind: 'DockerImage', name: 'r/kiln/s2i-nodejs:v2' },
    });

    const stored = prepareUpdate(current, next, '127.0.0.1:5000');

    expect(stored.metadata.generation).toBe(2);
    expect(stored.spec?.tags?.map((t) => [t.name, t.generation])).toEqual([
      ['latest', 2],
      ['18', 1],
    ]);
  });

  it('keeps the generation when nothing in the spec changed, whatever the key order', () => {
    const current = created();
    const next: ImageStream = {
      ...current,
      spec: {
        tags: (current.spec?.tags ?? []).map(({ from, name, ...rest }) => ({
          ...rest,
          name,
          from,
        })),
      },
    };

    expect(prepareUpdate(current, next, 'r').metadata.generation).toBe(1);
  });

  it('keeps the status but drops the history of tags removed from the spec', () => {
    const current: ImageStream = {
      ...created(),
      status: {
        dockerImageRepository: 'r/openshift/nodejs',
        tags: [
          { tag: '18', items: [] },
          { tag: 'pushed', items: [] },
        ],
      },
    };
    const next = withoutTag(current, '18');

    const stored = prepareUpdate(current, { ...next, status: undefined }, 'r');

    expect(stored.status?.tags?.map((t) => t.tag)).toEqual(['pushed']);
  });
});
