import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { RegistryClient, sha256Digest } from '@kiln/artifact-store';
import { tar, type TarEntry } from './archives.js';

/** Pushes a one-layer OCI image made of `entries`; returns its pull spec. */
export async function pushImage(
  client: RegistryClient,
  repo: string,
  tag: string,
  entries: TarEntry[],
): Promise<string> {
  const layerTar = tar(entries);
  const layer = gzipSync(layerTar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: {
        type: 'layers',
        diff_ids: [`sha256:${createHash('sha256').update(layerTar).digest('hex')}`],
      },
    }),
  );
  await client.pushBlob(repo, Readable.from([config]));
  await client.pushBlob(repo, Readable.from([layer]));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256Digest(config),
      size: config.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256Digest(layer),
        size: layer.length,
      },
    ],
  });
  await client.putManifest(repo, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return `${client.host}/${repo}:${tag}`;
}
