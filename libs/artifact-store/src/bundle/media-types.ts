import type { ArchiveFormat } from '../archive/limits.js';

export const MediaTypes = {
  imageManifest: 'application/vnd.oci.image.manifest.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  sourceArtifact: 'application/vnd.kiln.source.v1',
} as const;

/** The 2-byte `{}` config every OCI artifact without a config of its own points at. */
export const emptyConfig = {
  bytes: Buffer.from('{}'),
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
} as const;

/** The annotation that repeats the archive format, for tools that do not know our layer types. */
export const formatAnnotation = 'dev.kiln.source.format';

/**
 * What a source layer holds: an archive, or one file as a binary build uploaded it (`asFile`).
 * A file has no tree to extract: its layer only keeps the upload's blob referenced until the
 * fetcher has made a bundle of it (see writeBundleManifest).
 */
export type SourceFormat = ArchiveFormat | 'file';

const layerTypes: Record<ArchiveFormat, string> = {
  tar: 'application/vnd.oci.image.layer.v1.tar',
  'tar.gz': 'application/vnd.oci.image.layer.v1.tar+gzip',
  zip: 'application/zip',
};

export function layerMediaType(format: SourceFormat): string {
  return format === 'file' ? 'application/octet-stream' : layerTypes[format];
}

/** The archive format of a layer; undefined for a single file or an unknown type. */
export function formatOfLayer(
  mediaType: string,
  annotations: Record<string, string> | undefined,
): ArchiveFormat | undefined {
  const annotated = annotations?.[formatAnnotation];
  if (annotated === 'tar' || annotated === 'tar.gz' || annotated === 'zip') {
    return annotated;
  }
  return (Object.keys(layerTypes) as ArchiveFormat[]).find(
    (format) => layerTypes[format] === mediaType,
  );
}
