import { listBaseImages } from './list-base-images.js';
import { parseDockerfile } from './parse-dockerfile.js';

const images = (text: string, buildArgs: { name: string; value: string }[] = []): string[] =>
  listBaseImages(parseDockerfile(text, { allowEmpty: true }), buildArgs);

describe(listBaseImages.name, () => {
  it('finds FROM and COPY --from images, skipping scratch and stage names (upstream Test_findReferencedImages)', () => {
    expect(images('# no FROM')).toEqual([]);
    expect(images('FROM scratch\nFROM busybox')).toEqual(['busybox']);
    expect(
      images(
        'FROM scratch as test\nFROM busybox\nCOPY --from=test /a /b\nCOPY --from=nginx /a /c\nCOPY --from=nginx:latest /a /c',
      ),
    ).toEqual(['busybox', 'nginx', 'nginx:latest']);
    expect(images('FROM scratch as test\nCOPY --from=test:latest /a /b')).toEqual(['test:latest']);
    expect(images('FROM scratch as test\nFROM other\nCOPY --from=test /a /b')).toEqual(['other']);
    expect(
      images('FROM other\nCOPY --from=test /a /b\nFROM scratch as test\nCOPY --from=test /a /b'),
    ).toEqual(['other', 'test']);
  });

  it('expands header ARGs and excludes earlier stage indexes only', () => {
    const text = [
      'ARG headerArg=h',
      'FROM other:${headerArg} AS alias',
      'ARG middleArg=h',
      'COPY --from=testImage /a /b',
      'FROM alias as testStage',
      'COPY --from=testImage /a /b',
      'FROM other:${unsetArg}',
      'COPY --from=testStage /a /b',
      'FROM other:${headerArg}',
      'COPY --from=3 /a /b',
      'COPY --from=2 /a /b',
    ].join('\n');
    expect(images(text)).toEqual(['3', 'other:', 'other:h', 'testImage']);
  });

  it('lets build args override header ARG defaults', () => {
    expect(
      images('ARG BASE=alpine\nARG TAG\nFROM ${BASE}:${TAG:-3}', [
        { name: 'BASE', value: 'debian' },
      ]),
    ).toEqual(['debian:3']);
  });
});
