import { daemonMinimalImage } from './image-reference.js';

describe(daemonMinimalImage.name, () => {
  it.each([
    ['docker.io/library/busybox:latest', 'docker.io/busybox'],
    ['index.docker.io/library/busybox:1', 'docker.io/busybox:1'],
    ['registry-1.docker.io/org/app', 'docker.io/org/app'],
    ['localhost:5000/app:latest', 'localhost:5000/app'],
    ['quay.io/x/y:v1@sha256:abc', 'quay.io/x/y:v1@sha256:abc'],
    ['centos', 'centos'],
  ])('reduces %s to %s', (input, expected) => {
    expect(daemonMinimalImage(input)).toBe(expected);
  });
});
