import { datedTag, type ManifestResult, type RegistryClient } from '@kiln/artifact-store';

/**
 * Tags a staging image again as pushed now (`s-<unix seconds>-<digest prefix>`): its build-uid
 * tag says nothing of its age, and the fetcher's retention sweep deletes staging images by this
 * tag only, once it is older than the retention (the pusher copies the image long before).
 * The manifest's own bytes and type are put back, so its digest stays the one ImageBuilt carries.
 */
export async function dateStagingImage(
  registry: RegistryClient,
  repository: string,
  manifest: ManifestResult,
  now: Date = new Date(),
): Promise<string> {
  const tag = datedTag('staging', manifest.digest, now);
  await registry.putManifest(repository, tag, manifest.body, manifest.mediaType);
  return tag;
}
