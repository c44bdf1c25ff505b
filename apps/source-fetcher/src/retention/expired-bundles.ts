import { parseBundleTag } from '@kiln/artifact-store';

/**
 * The tags whose bundles have expired, one per manifest: a manifest (digest prefix) expires
 * only when its newest tag is older than `cutoff`, since deleting it by digest removes every tag
 * (a redelivered build may have tagged the same bundle again just now). Foreign tags are ignored.
 */
export function expiredBundleTags(tags: readonly string[], cutoff: Date): string[] {
  const newest = new Map<string, { tag: string; at: number }>();
  for (const tag of tags) {
    const info = parseBundleTag(tag);
    if (!info) {
      continue;
    }
    const at = info.createdAt.getTime();
    const seen = newest.get(info.digestPrefix);
    if (!seen || at > seen.at) {
      newest.set(info.digestPrefix, { tag, at });
    }
  }
  return [...newest.values()].filter((t) => t.at < cutoff.getTime()).map((t) => t.tag);
}
