import { formatImageReference, parseImageReference } from '@kiln/artifact-store';
import type { ImageSource } from '@kiln/build-types';
import { FetchError } from '../fetch/fetch-errors.js';

/** One `paths` entry, checked: where to read in the image and where to write in the source. */
export type PathCopy = {
  /** Absolute path in the image, as given (without a trailing `/.`). */
  sourcePath: string;
  /** `/.` suffix: copy the directory's contents, not the directory itself. */
  contentsOnly: boolean;
  /** Components of `destinationDir` below the source root ([] for the root). */
  destination: string[];
};

export type ImageCopy = {
  /** Fully qualified pull spec. */
  image: string;
  pullSecret: string | undefined;
  paths: PathCopy[];
};

/**
 * The copies `source.images` asks for, checked before anything is pulled: images without
 * `paths` (only `as`, for the Dockerfile) need no work here. A DockerImage is used as given;
 * image stream references, normally resolved by build-api, map to the farm registry.
 */
export function planImageCopies(
  images: readonly ImageSource[] | null | undefined,
  namespace: string,
  farmRegistry: string,
): ImageCopy[] {
  return (images ?? [])
    .map((source, i) => ({ source, i }))
    .filter(({ source }) => (source.paths ?? []).length > 0)
    .map(({ source, i }) => ({
      image: pullSpec(source, i, namespace, farmRegistry),
      pullSecret: source.pullSecret?.name ?? undefined,
      paths: (source.paths ?? []).map((path, j) =>
        pathCopy(
          path.sourcePath,
          path.destinationDir ?? '',
          `spec.source.images[${i}].paths[${j}]`,
        ),
      ),
    }));
}

function pullSpec(source: ImageSource, i: number, namespace: string, farm: string): string {
  const { kind, name } = source.from;
  if (!name) {
    throw invalid(`spec.source.images[${i}].from.name is empty`);
  }
  switch (kind ?? 'DockerImage') {
    case 'DockerImage':
      return formatImageReference(parseImageReference(name));
    case 'ImageStreamTag': {
      const [stream = '', tag = 'latest'] = name.split(':');
      return `${farm}/${source.from.namespace ?? namespace}/${stream}:${tag}`;
    }
    case 'ImageStreamImage': {
      const [stream = '', digest = ''] = name.split('@');
      return `${farm}/${source.from.namespace ?? namespace}/${stream}@${digest}`;
    }
    default:
      throw invalid(
        `spec.source.images[${i}].from.kind "${kind ?? ''}" is not DockerImage, ImageStreamTag or ImageStreamImage`,
      );
  }
}

function pathCopy(sourcePath: string, destinationDir: string, field: string): PathCopy {
  if (!sourcePath.startsWith('/')) {
    throw invalid(`${field}.sourcePath "${sourcePath}" must be an absolute path in the image`);
  }
  if (/[\0\n\r]/.test(sourcePath + destinationDir)) {
    throw invalid(`${field} contains control characters`);
  }
  const contentsOnly = sourcePath.endsWith('/.');
  const destination = destinationDir.split('/').filter((p) => p !== '' && p !== '.');
  if (destinationDir.startsWith('/') || destination.includes('..')) {
    throw invalid(
      `${field}.destinationDir "${destinationDir}" must be a relative path inside the source`,
    );
  }
  return {
    sourcePath: contentsOnly ? sourcePath.slice(0, -2) || '/' : sourcePath,
    contentsOnly,
    destination,
  };
}

function invalid(message: string): FetchError {
  return new FetchError('FetchImageContentFailed', message);
}
