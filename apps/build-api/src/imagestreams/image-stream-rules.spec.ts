import { validateImageStream } from './image-stream-rules.js';

const aStream = (tags: unknown[], name = 'nodejs') => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: { tags },
});

describe('validateImageStream', () => {
  it('accepts DockerImage, ImageStreamTag and ImageStreamImage sources', () => {
    const result = validateImageStream(
      aStream([
        {
          name: 'latest',
          from: { kind: 'DockerImage', name: '127.0.0.1:5000/kiln/s2i-nodejs:latest' },
        },
        { name: '18', from: { kind: 'ImageStreamTag', name: 'latest' } },
        {
          name: 'pinned',
          from: { kind: 'ImageStreamImage', name: `nodejs@sha256:${'a'.repeat(64)}` },
        },
      ]),
      'openshift',
    );

    expect(result.ok).toBe(true);
  });

  it('reports each problem with its field path', () => {
    const result = validateImageStream(
      aStream(
        [
          { name: 'a b', from: { kind: 'DockerImage', name: 'Not A Spec' } },
          { name: 'x', from: { kind: 'Git', name: 'x' } },
          { name: 'x', from: { kind: 'ImageStreamTag', name: 'x' } },
          { name: 'y', referencePolicy: { type: 'Remote' } },
        ],
        'Bad',
      ),
      'a',
    );

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'metadata.name',
      'spec.tags[0].name',
      'spec.tags[0].from.name',
      'spec.tags[1].from.kind',
      'spec.tags[2].from',
      'spec.tags[2].name',
      'spec.tags[3].referencePolicy.type',
    ]);
  });

  it('refuses another kind', () => {
    expect(validateImageStream({ kind: 'BuildConfig', metadata: { name: 'x' } }, 'a').ok).toBe(
      false,
    );
  });
});
