import { parseDatedTag, type DatedTagKind } from '@kiln/artifact-store';

/**
 * The dated tags of `kind` whose manifests have expired, one per manifest: a manifest (digest
 * prefix) expires only when its newest tag is older than `cutoff`, since deleting it by digest
 * removes every tag (a redelivered job may have tagged the same manifest again just now). Any
 * other tag is ignored, a foreign one or a staging image's build uid alike: what carries no
 * dated tag is never deleted.
 */
export function expiredTags(tags: readonly string[], kind: DatedTagKind, cutoff: Date): string[] {
  const newest = new Map<string, { tag: string; at: number }>();
  for (const tag of tags) {
    const info = parseDatedTag(tag);
    if (info?.kind !== kind) {
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
