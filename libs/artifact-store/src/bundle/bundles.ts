import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { extractArchive, type ExtractResult } from '../archive/extract-archive.js';
import type { ArchiveFormat, ExtractLimits } from '../archive/limits.js';
import { packDirectory } from '../archive/tar-writer.js';
import { sha256Digest } from '../registry/digest.js';
import { RegistryError } from '../registry/registry-error.js';
import type { RegistryClient } from '../registry/registry.client.js';
import { bundleManifest, readBundleManifest } from './bundle-manifest.js';
import { bundleTag } from './bundle-tag.js';
import { emptyConfig, formatOfLayer, MediaTypes, type SourceFormat } from './media-types.js';

export type BundleRef = {
  /** `<host>/<repo>`, as an image reference without the digest. */
  repository: string;
  /** The manifest digest: the bundle's identity. */
  digest: string;
  /** The manifest's size in bytes (a descriptor's size goes with its digest). */
  size: number;
  blobDigest: string;
  blobSize: number;
  format: SourceFormat;
  /** Bytes this call sent, and bytes it did not send because the registry had them. */
  bytesUploaded: number;
  bytesSkipped: number;
};

/**
 * Packs a directory as a deterministic tar.gz and pushes it as a source bundle (tagged with
 * `bundleTag` unless a tag is given).
 */
export function pushDirectoryBundle(
  client: RegistryClient,
  repo: string,
  dir: string,
  options: { tag?: string } = {},
): Promise<BundleRef> {
  return pushArchiveBundle(client, repo, packDirectory(dir), {
    format: 'tar.gz',
    tag: options.tag,
  });
}

/** Pushes an upload that is already an archive, streamed once straight into the blob. */
export async function pushArchiveBundle(
  client: RegistryClient,
  repo: string,
  archive: Readable,
  options: { format: ArchiveFormat; tag?: string },
): Promise<BundleRef> {
  const blob = await client.pushBlob(repo, archive);
  const ref = await writeBundleManifest(client, repo, blob, options.format, { tag: options.tag });
  return {
    ...ref,
    bytesUploaded: blob.bytesUploaded + ref.bytesUploaded,
    bytesSkipped: blob.bytesSkipped + ref.bytesSkipped,
  };
}

/**
 * Makes a bundle of a blob already in `repo` (an upload stored by build-api, say): writes the
 * empty config and the manifest only, so the archive is never sent twice. Tagged with
 * `bundleTag` unless a tag is given. The byte counts cover only what this call sent: the
 * config (when the registry lacked it) and the manifest.
 *
 * A `file` (an upload sent asFile) gets the same manifest with an octet-stream layer: it keeps
 * the blob from the registry's garbage-collect and lets retention date it, but pullBundle
 * refuses it, a single file being no tree to extract.
 */
export async function writeBundleManifest(
  client: RegistryClient,
  repo: string,
  blob: { digest: string; size: number },
  format: SourceFormat,
  options: { tag?: string; now?: Date } = {},
): Promise<BundleRef> {
  const config = await client.pushBlob(repo, bufferStream(emptyConfig.bytes));
  const manifest = Buffer.from(
    JSON.stringify(bundleManifest({ digest: blob.digest, size: blob.size, format })),
  );
  const digest = await client.putManifest(
    repo,
    options.tag ?? bundleTag(sha256Digest(manifest), options.now),
    manifest,
    MediaTypes.imageManifest,
  );
  return {
    repository: `${client.host}/${repo}`,
    digest,
    size: manifest.length,
    blobDigest: blob.digest,
    blobSize: blob.size,
    format,
    bytesUploaded: config.bytesUploaded + manifest.length,
    bytesSkipped: config.bytesSkipped,
  };
}

export type PullResult = ExtractResult & { format: ArchiveFormat; blobDigest: string };

/**
 * Fetches a bundle and extracts it safely into destDir (see extractArchive). On any failure
 * destDir is removed, so a half-extracted or refused tree is never used.
 */
export async function pullBundle(
  client: RegistryClient,
  repo: string,
  manifestDigest: string,
  destDir: string,
  limits: Partial<ExtractLimits> = {},
): Promise<PullResult> {
  const manifest = await client.getManifest(repo, manifestDigest, [MediaTypes.imageManifest]);
  const read = readBundleManifest(manifest.body);
  if ('problem' in read) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.host}/${repo}@${manifestDigest} is not a Kiln source bundle: ${read.problem}`,
    );
  }
  const format = formatOfLayer(read.layer.mediaType, read.layer.annotations);
  if (!format) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.host}/${repo}@${manifestDigest} has a layer of unknown type ${read.layer.mediaType}`,
    );
  }
  try {
    const result = await extractArchive(await client.getBlob(repo, read.layer.digest), destDir, {
      format,
      ...limits,
    });
    return { ...result, format, blobDigest: read.layer.digest };
  } catch (error) {
    await rm(destDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Deletes a bundle's manifest (false when already gone). The registry frees the blobs only when
 * its garbage-collect runs (offline, `docker-registry garbage-collect`), not here.
 */
export function deleteBundle(
  client: RegistryClient,
  repo: string,
  manifestDigest: string,
): Promise<boolean> {
  return client.deleteManifest(repo, manifestDigest);
}

function bufferStream(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

/**
 * `pullBundle` for a reference as events carry it (`<host>/<repo>` + digest): the host must be the
 * client's, so a job can never make a worker fetch from a registry it was not configured for.
 */
export function pullBundleRef(
  client: RegistryClient,
  ref: { repository: string; digest: string },
  destDir: string,
  limits: Partial<ExtractLimits> = {},
): Promise<PullResult> {
  const prefix = `${client.host}/`;
  if (!ref.repository.startsWith(prefix)) {
    throw new RegistryError(
      'NAME_UNKNOWN',
      `bundle ${ref.repository} is not in the farm registry ${client.host}`,
    );
  }
  return pullBundle(client, ref.repository.slice(prefix.length), ref.digest, destDir, limits);
}
