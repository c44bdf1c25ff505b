export { RegistryClient, ociAccept, type ManifestResult } from './registry/registry.client.js';
export type { RegistryClientOptions } from './registry/registry-http.js';
export { credentialSecrets, type RegistryCredentials } from './registry/registry-auth.js';
export type { PushBlobResult } from './registry/blob-upload.js';
export type { RetryPolicy } from './registry/retry-policy.js';
export {
  redact,
  RegistryError,
  RegistryErrorCodes,
  type RegistryErrorCode,
} from './registry/registry-error.js';
export { sha256Digest } from './registry/digest.js';
export { ArchiveEntryRefused } from './archive/archive-entry-refused.js';
export {
  extractArchive,
  type ExtractOptions,
  type ExtractResult,
} from './archive/extract-archive.js';
export { extractSingleFile } from './archive/extract-single-file.js';
export { packDirectory } from './archive/tar-writer.js';
export { defaultExtractLimits, type ArchiveFormat, type ExtractLimits } from './archive/limits.js';
export {
  pushDirectoryBundle,
  pushArchiveBundle,
  writeBundleManifest,
  pullBundle,
  pullBundleRef,
  deleteBundle,
  type BundleRef,
  type PullResult,
} from './bundle/bundles.js';
export { bundleTag, parseBundleTag, type BundleTagInfo } from './bundle/bundle-tag.js';
export {
  datedTag,
  parseDatedTag,
  DatedTagKinds,
  type DatedTagKind,
  type DatedTagInfo,
} from './retention/dated-tag.js';
export {
  MediaTypes,
  emptyConfig,
  formatAnnotation,
  layerMediaType,
  type SourceFormat,
} from './bundle/media-types.js';
export {
  parseImageReference,
  formatImageReference,
  manifestReference,
  apiHost,
  type ImageReference,
} from './image/image-reference.js';
export { inspectImage, type ImageConfig, type InspectedImage } from './image/inspect-image.js';
export { credentialsForRegistry, type PullSecretData } from './registry/docker-config.js';
export { isPlainHttpRegistry } from './registry/plain-http.js';
