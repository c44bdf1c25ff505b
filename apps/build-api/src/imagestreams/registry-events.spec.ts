import { tagPushesOf } from './registry-events.js';

const manifest = 'application/vnd.oci.image.manifest.v1+json';

/** Shaped as docker-registry 2.8 sends it (trimmed). */
const event = (action: string, target: Record<string, unknown>) => ({
  id: 'e1',
  timestamp: '2025-01-01T00:00:00Z',
  action,
  target: { size: 100, length: 100, url: 'http://x/v2/...', ...target },
  request: { id: 'r1', addr: '127.0.0.1:1', host: '127.0.0.1:5000', method: 'PUT' },
  actor: {},
  source: { addr: 'host:5000', instanceID: 'i' },
});

describe('tagPushesOf', () => {
  it('keeps manifest pushes by tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const body = {
      events: [event('push', { mediaType: manifest, digest, repository: 'demo/app', tag: 'v1' })],
    };

    expect(tagPushesOf(body)).toEqual({ pushes: [{ repository: 'demo/app', tag: 'v1', digest }] });
  });

  it('drops pulls, blob uploads, pushes by digest only, and duplicates', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const push = { mediaType: manifest, digest, repository: 'demo/app', tag: 'v1' };
    const body = {
      events: [
        event('pull', push),
        event('push', { ...push, mediaType: 'application/octet-stream', tag: undefined }),
        event('push', { ...push, tag: undefined }),
        event('push', push),
        event('push', push),
      ],
    };

    expect(tagPushesOf(body)).toEqual({ pushes: [{ repository: 'demo/app', tag: 'v1', digest }] });
  });

  it('reports a body that is not an envelope', () => {
    expect(tagPushesOf({ nope: true })).toHaveProperty('error');
  });
});
