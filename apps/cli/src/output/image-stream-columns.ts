import type { ImageStream, ImageStreamTag } from '../api/image-streams.js';
import { ago, parseTime } from './age.js';

/** Tags `get is` names before `+ N more...`, as oc prints them. */
const TAGS_SHOWN = 3;

/** Tags that point at an image, in name order. */
export const taggedImages = (stream: ImageStream) =>
  (stream.status?.tags ?? [])
    .filter((t) => (t.items ?? []).length > 0)
    .sort((a, b) => a.tag.localeCompare(b.tag));

/** `18,20,latest + 2 more...` */
export function tagsCell(stream: ImageStream): string {
  const tags = taggedImages(stream).map((t) => t.tag);
  const shown = tags.slice(0, TAGS_SHOWN).join(',');
  return tags.length > TAGS_SHOWN ? `${shown} + ${tags.length - TAGS_SHOWN} more...` : shown;
}

/** When any tag last moved. */
export function updatedCell(stream: ImageStream, now: number): string {
  const newest = taggedImages(stream)
    .map((t) => t.items?.[0]?.created)
    .filter((c): c is string => parseTime(c) !== undefined)
    .sort((a, b) => (parseTime(b) ?? 0) - (parseTime(a) ?? 0))[0];
  return ago(newest, now);
}

export const imageStreamColumns = {
  headers: ['NAME', 'IMAGE REPOSITORY', 'TAGS', 'UPDATED'],
  wideHeaders: [],
  cells: (object: unknown, now: number) => {
    const stream = object as ImageStream;
    return [
      stream.metadata.name ?? '',
      stream.status?.dockerImageRepository ?? '',
      tagsCell(stream),
      updatedCell(stream, now),
    ];
  },
  wideCells: () => [],
};

export const imageStreamTagColumns = {
  headers: ['NAME', 'IMAGE REFERENCE', 'UPDATED'],
  wideHeaders: [],
  cells: (object: unknown, now: number) => {
    const istag = object as ImageStreamTag;
    return [
      istag.metadata.name ?? '',
      istag.image?.dockerImageReference ?? '',
      ago(istag.metadata.creationTimestamp, now),
    ];
  },
  wideCells: () => [],
};
