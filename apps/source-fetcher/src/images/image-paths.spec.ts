import { planImageCopies } from './image-paths.js';

const farm = 'farm.local:5000';

describe(planImageCopies.name, () => {
  it('skips images used only as stage substitutes', () => {
    expect(
      planImageCopies(
        [{ from: { kind: 'DockerImage', name: 'nginx' }, as: ['nginx'] }],
        'team',
        farm,
      ),
    ).toEqual([]);
  });

  it('qualifies a DockerImage and reads the /. suffix', () => {
    const [copy] = planImageCopies(
      [
        {
          from: { kind: 'DockerImage', name: 'busybox' },
          pullSecret: { name: 'pull' },
          paths: [
            { sourcePath: '/usr/lib/app.jar', destinationDir: 'injected/dir' },
            { sourcePath: '/opt/app/.', destinationDir: '' },
          ],
        },
      ],
      'team',
      farm,
    );

    expect(copy).toEqual({
      image: 'docker.io/library/busybox:latest',
      pullSecret: 'pull',
      paths: [
        { sourcePath: '/usr/lib/app.jar', contentsOnly: false, destination: ['injected', 'dir'] },
        { sourcePath: '/opt/app', contentsOnly: true, destination: [] },
      ],
    });
  });

  it('maps image stream references to the farm registry', () => {
    const copies = planImageCopies(
      [
        { from: { kind: 'ImageStreamTag', name: 'tools:v1' }, paths: [{ sourcePath: '/a' }] },
        {
          from: {
            kind: 'ImageStreamImage',
            namespace: 'shared',
            name: `base@sha256:${'a'.repeat(64)}`,
          },
          paths: [{ sourcePath: '/b' }],
        },
      ],
      'team',
      farm,
    );

    expect(copies.map((c) => c.image)).toEqual([
      `${farm}/team/tools:v1`,
      `${farm}/shared/base@sha256:${'a'.repeat(64)}`,
    ]);
  });

  it.each([
    [{ sourcePath: 'relative/path' }, /must be an absolute path/],
    [{ sourcePath: '/a', destinationDir: '../out' }, /must be a relative path inside/],
    [{ sourcePath: '/a', destinationDir: '/abs' }, /must be a relative path inside/],
    [{ sourcePath: '/a', destinationDir: 'x/../../y' }, /must be a relative path inside/],
  ])('refuses %j', (path, message) => {
    expect(() =>
      planImageCopies([{ from: { kind: 'DockerImage', name: 'x' }, paths: [path] }], 'team', farm),
    ).toThrow(message);
  });

  it('refuses an unknown kind with FetchImageContentFailed', () => {
    expect(() =>
      planImageCopies(
        [{ from: { kind: 'Pod', name: 'x' }, paths: [{ sourcePath: '/a' }] }],
        'team',
        farm,
      ),
    ).toThrow(expect.objectContaining({ reason: 'FetchImageContentFailed' }) as Error);
  });
});
