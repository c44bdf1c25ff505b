import {
  ociAccept,
  RegistryError,
  type DatedTagKind,
  type RegistryClient,
} from '@kiln/artifact-store';
import { expiredTags } from './expired-tags.js';

export type SweepResult = { repositories: number; deleted: string[] };

/** What retention sweeps: repositories by prefix, and the kind of dated tag their manifests carry. */
export const sweptRepositories: readonly { prefix: string; kind: DatedTagKind }[] = [
  // Source bundles (this app), and binary uploads build-api stored for builds still queued.
  { prefix: 'kiln-sources/', kind: 'bundle' },
  // Generated contexts (dockerfile-generator).
  { prefix: 'kiln-contexts/', kind: 'bundle' },
  // Built images waiting for the pusher (builder), dated when they were pushed.
  { prefix: 'kiln-staging/', kind: 'staging' },
];

/**
 * Deletes the bundles and staging images older than `cutoff`: tags are listed (the registry
 * cannot list untagged manifests, which is why these carry a dated tag), each expired manifest
 * is resolved to its digest and deleted. The registry's garbage-collect frees the blobs later
 * (libs/farm registry-gc.ts). Safe to run from several fetchers at once: what is already gone is
 * skipped.
 */
export async function sweepExpired(
  client: RegistryClient,
  repositories: readonly string[],
  cutoff: Date,
): Promise<SweepResult> {
  const result: SweepResult = { repositories: 0, deleted: [] };
  for (const repo of repositories) {
    const swept = sweptRepositories.find(({ prefix }) => repo.startsWith(prefix));
    if (!swept) {
      continue;
    }
    result.repositories += 1;
    const tags = await client.listTags(repo).catch(ifGone([] as string[]));
    for (const tag of expiredTags(tags, swept.kind, cutoff)) {
      // Staging images may be Docker schema 2 manifests, hence every manifest type accepted.
      const manifest = await client.getManifest(repo, tag, ociAccept).catch(ifGone(undefined));
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
