import type { ImageStream } from '../api/image-streams.js';

export const isPath = (ns: string, name = '') =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams${name ? `/${name}` : ''}`;
/** `stream:tag` is sent percent-encoded (`%3A`), as the client encodes every name. */
export const istagPath = (ns: string, name = '') =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamtags${name ? `/${encodeURIComponent(name)}` : ''}`;
export const importPath = (ns: string) =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamimports`;

export const digest = (c: string) => `sha256:${c.repeat(64)}`;

/** `openshift/nodejs`: latest imported from the farm image (twice), 18 tracking it. */
export function anImageStream(overrides: Partial<ImageStream> = {}): ImageStream {
  return {
    metadata: {
      name: 'nodejs',
      namespace: 'openshift',
      creationTimestamp: '2025-01-01T10:00:00Z',
    },
    spec: {
      lookupPolicy: { local: false },
      tags: [
        {
          name: 'latest',
          from: { kind: 'DockerImage', name: '127.0.0.1:5000/kiln/s2i-nodejs:latest' },
          importPolicy: { scheduled: true },
          referencePolicy: { type: 'Source' },
        },
        { name: '18', from: { kind: 'ImageStreamTag', name: 'nodejs:latest' } },
      ],
    },
    status: {
      dockerImageRepository: '127.0.0.1:5000/openshift/nodejs',
      tags: [
        {
          tag: '18',
          items: [
            {
              created: '2025-01-01T11:57:00Z',
              dockerImageReference: `127.0.0.1:5000/kiln/s2i-nodejs@${digest('b')}`,
              image: digest('b'),
              generation: 1,
            },
          ],
        },
        {
          tag: 'latest',
          items: [
            {
              created: '2025-01-01T11:57:00Z',
              dockerImageReference: `127.0.0.1:5000/kiln/s2i-nodejs@${digest('b')}`,
              image: digest('b'),
              generation: 1,
            },
            {
              created: '2025-01-01T10:00:00Z',
              dockerImageReference: `127.0.0.1:5000/kiln/s2i-nodejs@${digest('a')}`,
              image: digest('a'),
              generation: 1,
            },
          ],
        },
      ],
    },
    ...overrides,
  };
}
