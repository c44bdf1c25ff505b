import { ociAccept, type RegistryClient } from '../registry/registry.client.js';

/** The parts of an image's config that builds read (OCI and Docker schema 2 alike). */
export type ImageConfig = {
  User?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
};

export type InspectedImage = {
  /** Digest of the image manifest (of the platform's manifest when the tag is an index). */
  digest: string;
  config: ImageConfig;
  layers: { digest: string; size: number }[];
};

type Descriptor = {
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string };
};
type Manifest = { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };

/**
 * Reads an image's manifest and config blob without pulling its layers. An index (multi-arch
 * list) is resolved to its linux/amd64 entry.
 */
export async function inspectImage(
  client: RegistryClient,
  repository: string,
  reference: string,
  platform = { os: 'linux', architecture: 'amd64' },
): Promise<InspectedImage> {
  let manifest = await client.getManifest(repository, reference, ociAccept);
  let parsed = JSON.parse(manifest.body.toString('utf8')) as Manifest;
  if (parsed.manifests !== undefined) {
    const entry = parsed.manifests.find(
      (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture,
    );
    if (entry === undefined) {
      throw new Error(
        `${repository}:${reference} has no ${platform.os}/${platform.architecture} image`,
      );
    }
    manifest = await client.getManifest(repository, entry.digest, ociAccept);
    parsed = JSON.parse(manifest.body.toString('utf8')) as Manifest;
  }
  if (parsed.config === undefined) {
    throw new Error(`${repository}:${reference} is not an image manifest`);
  }
  const blob = await client.getBlob(repository, parsed.config.digest);
  const chunks: Buffer[] = [];
  for await (const chunk of blob) {
    chunks.push(chunk as Buffer);
  }
  const config = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { config?: ImageConfig };
  return {
    digest: manifest.digest,
    config: config.config ?? {},
    layers: (parsed.layers ?? []).map((l) => ({ digest: l.digest, size: l.size })),
  };
}
