import { formatImageReference, parseImageReference } from './image-reference.js';

describe('parseImageReference', () => {
  it.each([
    ['busybox', 'docker.io', 'library/busybox', 'latest', undefined],
    ['user/app:1', 'docker.io', 'user/app', '1', undefined],
    ['127.0.0.1:5000/kiln/base:latest', '127.0.0.1:5000', 'kiln/base', 'latest', undefined],
    ['localhost/a/b', 'localhost', 'a/b', 'latest', undefined],
    [
      'quay.io/a/b@sha256:' + 'a'.repeat(64),
      'quay.io',
      'a/b',
      undefined,
      'sha256:' + 'a'.repeat(64),
    ],
    [
      'registry:5000/x:t@sha256:' + 'b'.repeat(64),
      'registry:5000',
      'x',
      't',
      'sha256:' + 'b'.repeat(64),
    ],
  ])('splits %s', (spec, registry, repository, tag, digest) => {
    const ref = parseImageReference(spec);
    expect(ref).toEqual({
      registry,
      repository,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest }),
    });
  });

  it('formats back to a fully qualified spec', () => {
    expect(formatImageReference(parseImageReference('busybox'))).toBe(
      'docker.io/library/busybox:latest',
    );
  });
});
