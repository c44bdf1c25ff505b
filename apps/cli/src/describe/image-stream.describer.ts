import type { ImageStream, TagReference } from '../api/image-streams.js';
import { ago } from '../output/age.js';
import { DescribeWriter } from '../output/describe-writer.js';
import { describeMeta } from './common-spec.js';

/** Every tag the stream has, in spec or in status, in name order. */
const tagNames = (stream: ImageStream): string[] =>
  [
    ...new Set([
      ...(stream.spec?.tags ?? []).map((t) => t.name),
      ...(stream.status?.tags ?? []).map((t) => t.tag),
    ]),
  ].sort();

const uniqueImages = (stream: ImageStream): number =>
  new Set(
    (stream.status?.tags ?? []).flatMap((t) => (t.items ?? []).map((i) => i.dockerImageReference)),
  ).size;

/** Where a spec tag's images come from, as `oc describe is` says it. */
function describeSource(w: DescribeWriter, tag: TagReference): void {
  const from = tag.from;
  if (!from?.name) {
    return;
  }
  const name = from.namespace ? `${from.namespace}/${from.name}` : from.name;
  w.text(`${tag.reference ? 'reference to' : 'tagged from'} ${name}`, 2);
  if (tag.importPolicy?.scheduled) {
    w.text(`updates automatically from registry ${from.name}`, 4);
  }
  if (tag.referencePolicy?.type === 'Local') {
    w.text('prefer registry pullthrough when referencing this tag', 4);
  }
}

/**
 * `oc describe is`: the repository, then each tag with where it comes from, its images newest
 * first (`*` marks the current one) and its failed imports.
 */
export function describeImageStream(stream: ImageStream, now: number): string {
  const w = new DescribeWriter();
  describeMeta(w, stream.metadata, now);
  w.field('Image Repository', stream.status?.dockerImageRepository);
  w.field('Image Lookup', `local=${String(stream.spec?.lookupPolicy?.local === true)}`);
  w.field('Unique Images', uniqueImages(stream));
  const names = tagNames(stream);
  w.field('Tags', names.length);
  for (const name of names) {
    const spec = (stream.spec?.tags ?? []).find((t) => t.name === name);
    const status = (stream.status?.tags ?? []).find((t) => t.tag === name);
    w.blank();
    w.text(name);
    if (spec) {
      describeSource(w, spec);
    }
    w.blank();
    const items = status?.items ?? [];
    items.forEach((item, i) => {
      w.text(`${i === 0 ? '*' : ' '} ${item.dockerImageReference}`, 2);
      w.text(ago(item.created, now), 6);
    });
    for (const condition of status?.conditions ?? []) {
      w.text(`! error: Import failed (${condition.reason ?? ''}): ${condition.message ?? ''}`, 2);
      w.text(ago(condition.lastTransitionTime, now), 6);
    }
    if (items.length === 0 && !status?.conditions?.length) {
      w.text('no image yet', 2);
    }
  }
  return w.render();
}
