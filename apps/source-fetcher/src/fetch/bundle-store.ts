import {
  pushDirectoryBundle,
  writeBundleManifest,
  type BundleRef,
  type RegistryClient,
} from '@kiln/artifact-store';
import type { SourceRevision } from '@kiln/build-types';
import type { BinaryUpload } from '../binary/binary-source.js';
import type { Revision } from '../git/revision.js';
import {
  checkBundlable,
  measureTree,
  SourceTooLarge,
  UnbundlableEntry,
  type TreeLimits,
} from '../tree/source-tree.js';
import { FetchError } from './fetch-errors.js';

/**
 * Stores the source tree as a bundle in `repo`, after checking it fits the limits and holds
 * nothing a later stage would refuse. An upload that needed no change (`reuse`) becomes a bundle
 * by a manifest that points at the blob build-api stored: the archive is not sent again.
 * Packing is deterministic (sorted entries, fixed times, owners and modes), so fetching the
 * same source again gives the same digest.
 */
export async function storeBundle(
  registry: RegistryClient,
  repo: string,
  root: string,
  reuse: BinaryUpload | undefined,
  limits: TreeLimits,
): Promise<BundleRef> {
  try {
    await measureTree(root, limits);
    await checkBundlable(root);
  } catch (error) {
    if (error instanceof SourceTooLarge || error instanceof UnbundlableEntry) {
      throw new FetchError('FetchSourceFailed', `the source cannot be stored: ${error.message}`);
    }
    throw error;
  }
  if (reuse && reuse.format !== 'file') {
    return writeBundleManifest(
      registry,
      repo,
      { digest: reuse.upload.digest, size: reuse.upload.size },
      reuse.format,
    );
  }
  return pushDirectoryBundle(registry, repo, root);
}

/** A binary build's revision: what the client said about it (`revision.*` query parameters). */
export function binaryRevision(revision: SourceRevision | null | undefined): Revision | undefined {
  const git = revision?.git;
  if (!git) {
    return undefined;
  }
  const value = (v: string | null | undefined) => v ?? undefined;
  const result: Revision = {
    commit: value(git.commit),
    message: value(git.message),
    authorName: value(git.author?.name),
    authorEmail: value(git.author?.email),
    committerName: value(git.committer?.name),
    committerEmail: value(git.committer?.email),
  };
  const defined = Object.entries(result).filter(([, v]) => v !== undefined);
  return defined.length > 0 ? Object.fromEntries(defined) : undefined;
}
