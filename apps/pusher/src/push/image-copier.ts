import { ociAccept, RegistryError, type RegistryClient } from '@kiln/artifact-store';

/** The registry calls a copy makes (a RegistryClient; a fake in unit tests). */
export type CopyClient = Pick<
  RegistryClient,
  'blobExists' | 'mountBlob' | 'pushBlob' | 'getBlob' | 'getManifest' | 'putManifest'
>;

/** One side of a copy: a registry client and a repository in it. */
export type ImageLocation = { client: CopyClient; repository: string };

export type CopyOptions = {
  /** Source and target are one registry: every blob can be mounted from the source repository. */
  sameRegistry: boolean;
  /** Other repositories of the target registry believed to hold a blob (not the target's own). */
  mountSources?: (digest: string) => string[];
  parallelBlobs?: number;
  onBlob?: (blob: BlobCopied) => void;
};

export type CopyReport = {
  /** Digest of the top manifest written; equal to the source's (the bytes are unchanged). */
  digest: string;
  bytesUploaded: number;
  /** Bytes the target already had or got by mount. */
  bytesSkipped: number;
  blobsMounted: number;
  blobsUploaded: number;
  blobsPresent: number;
};

/** How one blob reached the target: a fact the caller turns into log lines and metrics. */
export type BlobCopied = {
  digest: string;
  size: number;
  result: 'present' | 'mounted' | 'uploaded';
  bytesUploaded: number;
  /** The repository it was mounted from, when mounted. */
  mountedFrom?: string;
};

const blobCounts = {
  present: 'blobsPresent',
  mounted: 'blobsMounted',
  uploaded: 'blobsUploaded',
} as const satisfies Record<BlobCopied['result'], keyof CopyReport>;

type Descriptor = { digest: string; size: number; mediaType?: string };
type Manifest = { config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] };

/** Runs `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        await work(item);
      }
    }),
  );
}

// Mount attempts per blob from remembered repositories: each failed one costs a round trip.
const maxMountAttempts = 3;

/**
 * Copies an image by the distribution protocol, manifest last so a reader never sees it before
 * its blobs: a blob the target has is skipped (HEAD); on the same registry every blob is mounted
 * from the source repository (no bytes move); a blob another repository of the target registry
 * is known to hold is mounted from it; otherwise it streams from source to target. A mount that
 * does not work only costs the attempt. Manifests are written byte for byte, so the digest does
 * not change.
 */
export async function copyImage(
  source: ImageLocation,
  sourceReference: string,
  target: ImageLocation,
  targetTag: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const report: CopyReport = {
    digest: '',
    bytesUploaded: 0,
    bytesSkipped: 0,
    blobsMounted: 0,
    blobsUploaded: 0,
    blobsPresent: 0,
  };

  const done = (
    blob: Descriptor,
    result: BlobCopied['result'],
    bytesUploaded = 0,
    mountedFrom?: string,
  ): void => {
    report[blobCounts[result]]++;
    report.bytesUploaded += bytesUploaded;
    report.bytesSkipped += blob.size - bytesUploaded;
    options.onBlob?.({
      digest: blob.digest,
      size: blob.size,
      result,
      bytesUploaded,
      ...(mountedFrom ? { mountedFrom } : {}),
    });
  };

  const mountFrom = (digest: string): string[] => {
    const own = options.sameRegistry ? [source.repository] : [];
    const others = (options.mountSources?.(digest) ?? []).filter(
      (r) => !own.includes(r) && r !== target.repository,
    );
    return [...own, ...others.slice(0, maxMountAttempts)].filter((r) => r !== target.repository);
  };

  /** A refused mount (denied, unknown, a registry that opens an upload instead) is no failure. */
  const tryMount = (from: string, digest: string): Promise<boolean> =>
    target.client.mountBlob(from, target.repository, digest).catch((error: unknown) => {
      if (error instanceof RegistryError) {
        return false;
      }
      throw error;
    });

  const copyBlob = async (blob: Descriptor): Promise<void> => {
    if (await target.client.blobExists(target.repository, blob.digest)) {
      return done(blob, 'present');
    }
    for (const from of mountFrom(blob.digest)) {
      if (await tryMount(from, blob.digest)) {
        return done(blob, 'mounted', 0, from);
      }
    }
    const stream = await source.client.getBlob(source.repository, blob.digest);
    const pushed = await target.client.pushBlob(target.repository, stream);
    // pushBlob checks again before sending: another push may have landed the blob meanwhile.
    done(blob, pushed.bytesUploaded > 0 ? 'uploaded' : 'present', pushed.bytesUploaded);
  };

  const copyManifest = async (reference: string, tag: string | undefined): Promise<string> => {
    const fetched = await source.client.getManifest(source.repository, reference, ociAccept);
    const manifest = JSON.parse(fetched.body.toString('utf8')) as Manifest;
    if (manifest.manifests !== undefined) {
      for (const child of manifest.manifests) {
        await copyManifest(child.digest, undefined);
      }
    } else {
      const blobs = [...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])];
      await inParallel(blobs, options.parallelBlobs ?? 4, copyBlob);
    }
    return target.client.putManifest(
      target.repository,
      tag ?? fetched.digest,
      fetched.body,
      fetched.mediaType,
    );
  };

  report.digest = await copyManifest(sourceReference, targetTag);
  return report;
}
