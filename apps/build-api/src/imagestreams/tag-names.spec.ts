import { parseStreamImage, parseStreamTag, streamOfRepository, trackedTag } from './tag-names.js';

describe('parseStreamTag', () => {
  it('splits stream:tag and defaults the tag to latest, as OpenShift does', () => {
    expect(parseStreamTag('nodejs:18')).toEqual({ stream: 'nodejs', tag: '18' });
    expect(parseStreamTag('cli')).toEqual({ stream: 'cli', tag: 'latest' });
  });

  it.each(['a:b:c', ':x', 'x:'])('refuses %s', (name) => {
    expect(parseStreamTag(name)).toBeUndefined();
  });
});

describe('parseStreamImage', () => {
  it('splits stream@image', () => {
    expect(parseStreamImage('ruby@sha256:abc')).toEqual({ stream: 'ruby', image: 'sha256:abc' });
  });

  it.each(['ruby', '@sha256:abc', 'ruby@', 'a@b@c'])('refuses %s', (name) => {
    expect(parseStreamImage(name)).toBeUndefined();
  });
});

describe('streamOfRepository', () => {
  it('maps ns/name to the stream it backs', () => {
    expect(streamOfRepository('demo/app')).toEqual({ namespace: 'demo', stream: 'app' });
  });

  it.each(['app', 'a/b/c', 'kiln-sources/demo', 'kiln-staging/x', 'demo/App'])(
    'leaves %s alone (not ns/name, or the farm’s own)',
    (repository) => {
      expect(streamOfRepository(repository)).toBeUndefined();
    },
  );
});

describe('trackedTag', () => {
  it('reads stream:tag in the given or own namespace', () => {
    expect(trackedTag('a', 'is', { kind: 'ImageStreamTag', name: 'other:1' })).toEqual({
      namespace: 'a',
      stream: 'other',
      tag: '1',
    });
    expect(
      trackedTag('a', 'is', { kind: 'ImageStreamTag', name: 'other:1', namespace: 'b' }),
    ).toEqual({ namespace: 'b', stream: 'other', tag: '1' });
  });

  it('reads a bare name as a tag of the same stream', () => {
    expect(trackedTag('a', 'is', { kind: 'ImageStreamTag', name: 'latest' })).toEqual({
      namespace: 'a',
      stream: 'is',
      tag: 'latest',
    });
  });

  it('tracks nothing for other kinds', () => {
    expect(trackedTag('a', 'is', { kind: 'DockerImage', name: 'x:1' })).toBeUndefined();
  });
});
