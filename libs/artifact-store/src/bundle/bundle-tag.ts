/**
 * Bundles are pushed under a tag that dates them, `b-<unix seconds>-<12 hex of the manifest
 * digest>`: a registry can list tags but not untagged manifests, so this is what lets a
 * retention sweeper find old bundles (and group the tags of one manifest) without any database.
 */
export type BundleTagInfo = { createdAt: Date; digestPrefix: string };

const pattern = /^b-(\d{1,12})-([a-f0-9]{12})$/;

export function bundleTag(manifestDigest: string, at: Date = new Date()): string {
  const hex = manifestDigest.replace(/^sha256:/, '').slice(0, 12);
  return `b-${Math.floor(at.getTime() / 1000)}-${hex}`;
}

/** The date and digest prefix a bundle tag encodes; undefined for any other tag. */
export function parseBundleTag(tag: string): BundleTagInfo | undefined {
  const match = pattern.exec(tag);
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  return { createdAt: new Date(Number(match[1]) * 1000), digestPrefix: match[2] };
}
