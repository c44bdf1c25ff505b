import { datedTag, parseDatedTag } from '../retention/dated-tag.js';

/**
 * Bundles are pushed under a dated tag of the bundle kind, `b-<unix seconds>-<12 hex of the
 * manifest digest>` (see dated-tag.ts), by which the retention sweeper expires them.
 */
export type BundleTagInfo = { createdAt: Date; digestPrefix: string };

export function bundleTag(manifestDigest: string, at: Date = new Date()): string {
  return datedTag('bundle', manifestDigest, at);
}

/** The date and digest prefix a bundle tag encodes; undefined for any other tag. */
export function parseBundleTag(tag: string): BundleTagInfo | undefined {
  const info = parseDatedTag(tag);
  return info?.kind === 'bundle'
    ? { createdAt: info.createdAt, digestPrefix: info.digestPrefix }
    : undefined;
}
