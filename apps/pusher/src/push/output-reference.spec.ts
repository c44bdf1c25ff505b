import { outputReference } from './output-reference.js';

describe(outputReference.name, () => {
  it.each([
    ['127.0.0.1:5000/demo/app:v1', '127.0.0.1:5000/demo/app:v1'],
    ['127.0.0.1:5000/demo/app', '127.0.0.1:5000/demo/app:latest'],
    ['nginx', 'docker.io/library/nginx:latest'],
    ['org/app:2', 'docker.io/org/app:2'],
    ['quay.io/org/app@sha256:abc', 'quay.io/org/app@sha256:abc'],
    ['localhost/app', 'localhost/app:latest'],
  ])('completes DockerImage %s as %s', (name, expected) => {
    expect(outputReference({ kind: 'DockerImage', name }, 'ns', 'farm:5000')).toBe(expected);
  });

  it('maps an ImageStreamTag to the farm registry in the build namespace', () => {
    expect(outputReference({ kind: 'ImageStreamTag', name: 'app:v2' }, 'team', 'farm:5000')).toBe(
      'farm:5000/team/app:v2',
    );
  });

  it('returns undefined when the build has no output', () => {
    expect(outputReference(undefined, 'team', 'farm:5000')).toBeUndefined();
  });
});
