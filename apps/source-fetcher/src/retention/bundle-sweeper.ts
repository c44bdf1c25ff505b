import { MediaTypes, RegistryError, type RegistryClient } from '@kiln/artifact-store';
import { expiredBundleTags } from './expired-bundles.js';

export type SweepResult = { repositories: number; deleted: string[] };

/** Where stages keep bundles: sources (this app) and generated contexts (dockerfile-generator). */
export const bundleRepositoryPrefixes = ['kiln-sources/', 'kiln-contexts/'] as const;

/**
 * Deletes the bundles older than `cutoff` from every bundle repository: tags are listed (the
 * registry cannot list untagged manifests, which is why bundles carry a dated tag), each expired
 * bundle is resolved to its digest and its manifest deleted. The registry's own garbage-collect
 * frees the blobs later. Safe to run from several fetchers at once: a bundle already gone is
 * skipped.
 */
export async function sweepBundles(
  client: RegistryClient,
  repositories: readonly string[],
  cutoff: Date,
): Promise<SweepResult> {
  const result: SweepResult = { repositories: 0, deleted: [] };
  for (const repo of repositories) {
    if (!bundleRepositoryPrefixes.some((prefix) => repo.startsWith(prefix))) {
      continue;
    }
    result.repositories += 1;
    const tags = await client.listTags(repo).catch(ifGone([] as string[]));
    for (const tag of expiredBundleTags(tags, cutoff)) {
      const manifest = await client
        .getManifest(repo, tag, [MediaTypes.imageManifest])
        .catch(ifGone(undefined));
      if (manifest && (await client.deleteManifest(repo, manifest.digest))) {
        result.deleted.push(`${repo}@${manifest.digest}`);
      }
    }
  }
  return result;
}

/** A repository or tag that vanished meanwhile (another sweeper) is not an error. */
function ifGone<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof RegistryError && ['NAME_UNKNOWN', 'BLOB_UNKNOWN'].includes(error.code)) {
      return fallback;
    }
    throw error;
  };
}
