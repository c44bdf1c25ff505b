import { ociAccept, type RegistryClient } from '@kiln/artifact-store';

/** One side of a copy: a registry client and a repository in it. */
export type ImageLocation = { client: RegistryClient; repository: string };

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

/**
 * Copies an image by the distribution protocol, manifest last so a reader never sees it before
 * its blobs: a blob the target has is skipped (HEAD); on the same registry every blob is mounted
 * from the source repository (no bytes move); otherwise it streams from source to target.
 * Manifests are written byte for byte, so the digest does not change.
 */
export async function copyImage(
  source: ImageLocation,
  sourceReference: string,
  target: ImageLocation,
  targetTag: string,
  options: { sameRegistry: boolean; parallelBlobs?: number; onBlob?: (blob: BlobCopied) => void },
): Promise<CopyReport> {
  const report: CopyReport = {
    digest: '',
    bytesUploaded: 0,
    bytesSkipped: 0,
    blobsMounted: 0,
    blobsUploaded: 0,
    blobsPresent: 0,
  };

  const done = (blob: Descriptor, result: BlobCopied['result'], bytesUploaded = 0): void => {
    report[blobCounts[result]]++;
    report.bytesUploaded += bytesUploaded;
    report.bytesSkipped += blob.size - bytesUploaded;
    options.onBlob?.({ digest: blob.digest, size: blob.size, result, bytesUploaded });
  };

  const copyBlob = async (blob: Descriptor): Promise<void> => {
    if (await target.client.blobExists(target.repository, blob.digest)) {
      return done(blob, 'present');
    }
    if (
      options.sameRegistry &&
      (await target.client.mountBlob(source.repository, target.repository, blob.digest))
    ) {
      return done(blob, 'mounted');
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
