import type { Build } from '@kiln/build-types';
import type { ImageStream } from './image-stream.schema.js';
import {
  hasStreamReferences,
  pinnedImages,
  resolveBuildSpec,
  streamsReferenced,
} from './resolve-references.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const R = '127.0.0.1:5000';

function aStream(namespace: string, name: string, tags: Record<string, string> = {}): ImageStream {
  return {
    metadata: { namespace, name },
    status: {
      dockerImageRepository: `${R}/${namespace}/${name}`,
      tags: Object.entries(tags).map(([tag, c]) => ({
        tag,
        items: [
          {
            created: '2025-01-01T00:00:00Z',
            image: digest(c),
            dockerImageReference: `${R}/${namespace}/${name}@${digest(c)}`,
            generation: 1,
          },
        ],
      })),
    },
  };
}

const streams = [
  aStream('openshift', 'nodejs', { latest: 'a', '18': 'b' }),
  aStream('demo', 'artifacts', { latest: 'c' }),
  aStream('demo', 'app'),
];
const lookup = (ns: string, name: string) =>
  streams.find((s) => s.metadata.namespace === ns && s.metadata.name === name);

const sourceSpec = (): Build['spec'] => ({
  strategy: {
    type: 'Source',
    sourceStrategy: { from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:18' } },
  },
  source: {
    images: [{ from: { kind: 'ImageStreamTag', name: 'artifacts:latest' }, paths: [] }],
  },
  output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
});

describe('resolveBuildSpec', () => {
  it('resolves inputs by digest and the output to the stream repository', () => {
    const result = resolveBuildSpec(sourceSpec(), 'demo', lookup);

    expect(result).toMatchObject({
      ok: true,
      outputReference: `${R}/demo/app:latest`,
      spec: {
        strategy: {
          sourceStrategy: {
            from: { kind: 'DockerImage', name: `${R}/openshift/nodejs@${digest('b')}` },
          },
        },
        source: {
          images: [{ from: { kind: 'DockerImage', name: `${R}/demo/artifacts@${digest('c')}` } }],
        },
        output: { to: { kind: 'DockerImage', name: `${R}/demo/app:latest` } },
      },
    });
    expect(result.ok && result.used.map((u) => u.key.stream)).toEqual(['nodejs', 'artifacts']);
  });

  it('defaults a tagless ImageStreamTag to latest and resolves an ImageStreamImage', () => {
    const spec: Build['spec'] = {
      strategy: {
        type: 'Docker',
        dockerStrategy: {
          from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs' },
        },
      },
      source: {
        images: [
          { from: { kind: 'ImageStreamImage', name: `artifacts@${digest('c')}` }, as: ['x'] },
        ],
      },
    };

    const result = resolveBuildSpec(spec, 'demo', lookup);

    expect(result.ok && result.spec.strategy.dockerStrategy?.from?.name).toBe(
      `${R}/openshift/nodejs@${digest('a')}`,
    );
    expect(result.ok && result.spec.source?.images?.[0]?.from.name).toBe(
      `${R}/demo/artifacts@${digest('c')}`,
    );
  });

  it('uses the image a trigger fired for rather than the tag’s newest', () => {
    const pinned = new Map([[`openshift/nodejs:18`, `${R}/openshift/nodejs@${digest('f')}`]]);

    const result = resolveBuildSpec(sourceSpec(), 'demo', lookup, pinned);

    expect(result.ok && result.spec.strategy.sourceStrategy?.from.name).toBe(
      `${R}/openshift/nodejs@${digest('f')}`,
    );
  });

  it('leaves the build InvalidOutputReference while the output stream does not exist', () => {
    const spec = {
      ...sourceSpec(),
      output: { to: { kind: 'ImageStreamTag', name: 'missing:latest' } },
    };

    expect(resolveBuildSpec(spec, 'demo', lookup)).toEqual({
      ok: false,
      reason: 'InvalidOutputReference',
      message: 'imagestream "missing" not found in namespace "demo"',
    });
  });

  it('leaves the build InvalidImageReference while a tag has no image', () => {
    const spec = sourceSpec();
    spec.strategy.sourceStrategy!.from = {
      kind: 'ImageStreamTag',
      namespace: 'openshift',
      name: 'nodejs:20',
    };

    expect(resolveBuildSpec(spec, 'demo', lookup)).toMatchObject({
      ok: false,
      reason: 'InvalidImageReference',
      message: 'imagestreamtag "nodejs:20" (no image yet) not found in namespace "openshift"',
    });
  });

  it('leaves DockerImage references and the input untouched', () => {
    const spec: Build['spec'] = {
      strategy: {
        type: 'Docker',
        dockerStrategy: { from: { kind: 'DockerImage', name: 'busybox' } },
      },
      output: { to: { kind: 'DockerImage', name: 'r/x:1' } },
    };

    const result = resolveBuildSpec(spec, 'demo', lookup);

    expect(result).toEqual({ ok: true, spec, used: [] });
    expect(hasStreamReferences(spec)).toBe(false);
  });
});

describe('streamsReferenced', () => {
  it('lists each stream once, in its namespace', () => {
    expect(streamsReferenced(sourceSpec(), 'demo')).toEqual([
      { namespace: 'openshift', name: 'nodejs' },
      { namespace: 'demo', name: 'artifacts' },
      { namespace: 'demo', name: 'app' },
    ]);
  });
});

describe('pinnedImages', () => {
  it('reads the image-change causes of a build', () => {
    const spec: Build['spec'] = {
      strategy: { type: 'Docker', dockerStrategy: {} },
      triggeredBy: [
        { message: 'Manually triggered' },
        {
          message: 'Image change',
          imageChangeBuild: { imageID: 'img', fromRef: { kind: 'ImageStreamTag', name: 'base:1' } },
        },
      ],
    };

    expect([...pinnedImages(spec, 'demo')]).toEqual([['demo/base:1', 'img']]);
  });
});
