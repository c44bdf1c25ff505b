/**
 * What Kiln keeps in the farm registry for a while only carries a tag that dates it:
 * `<kind>-<unix seconds>-<12 hex of the manifest digest>`, `b` for source bundles and `s` for
 * staging images. A registry lists tags but neither untagged manifests nor anything's age, so
 * this is what lets the retention sweeper find what has expired (and group the tags of one
 * manifest) without any database.
 */
export const DatedTagKinds = { bundle: 'b', staging: 's' } as const;
export type DatedTagKind = keyof typeof DatedTagKinds;
export type DatedTagInfo = { kind: DatedTagKind; createdAt: Date; digestPrefix: string };

const pattern = /^([bs])-(\d{1,12})-([a-f0-9]{12})$/;
const kindOfLetter = new Map<string, DatedTagKind>(
  Object.entries(DatedTagKinds).map(([kind, letter]) => [letter, kind as DatedTagKind]),
);

export function datedTag(
  kind: DatedTagKind,
  manifestDigest: string,
  at: Date = new Date(),
): string {
  const hex = manifestDigest.replace(/^sha256:/, '').slice(0, 12);
  return `${DatedTagKinds[kind]}-${Math.floor(at.getTime() / 1000)}-${hex}`;
}

/** The kind, date and digest prefix a dated tag encodes; undefined for any other tag. */
export function parseDatedTag(tag: string): DatedTagInfo | undefined {
  const match = pattern.exec(tag);
  const kind = kindOfLetter.get(match?.[1] ?? '');
  if (!kind || !match?.[2] || !match[3]) {
    return undefined;
  }
  return { kind, createdAt: new Date(Number(match[2]) * 1000), digestPrefix: match[3] };
}
