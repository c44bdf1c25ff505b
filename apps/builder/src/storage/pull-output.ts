/** A line Buildah logs at `--log-level debug`: for parsing only, never shown in a build's log. */
const DEBUG = /^time="[^"]*" level=debug /;
/** containers/image logs this for each blob it fetches: a blob it reuses from the store is skipped. */
const DOWNLOADING = /level=debug msg="Downloading \/v2\/.+\/blobs\/(sha256:[a-f0-9]{64})"/;

export const isDebugLine = (line: string): boolean => DEBUG.test(line);

/** The digest of the blob a line of `buildah --log-level debug pull` says is being downloaded. */
export const downloadedBlob = (line: string): string | undefined => DOWNLOADING.exec(line)?.[1];

type Descriptor = { digest?: string; size?: number };

/**
 * Bytes downloaded for one pulled image: the sizes its manifest gives (compressed, as served)
 * of the blobs that were downloaded. The output names the blobs but not their sizes.
 */
export function bytesDownloaded(manifest: string, blobs: ReadonlySet<string>): number {
  const parsed = JSON.parse(manifest) as { config?: Descriptor; layers?: Descriptor[] };
  return [parsed.config, ...(parsed.layers ?? [])]
    .filter((d): d is Descriptor => d?.digest !== undefined && blobs.has(d.digest))
    .reduce((sum, d) => sum + (d.size ?? 0), 0);
}
