import type {
  ImageStream,
  NamedTagEventList,
  TagEvent,
  TagEventCondition,
} from './image-stream.schema.js';

/**
 * Images kept per tag in `status.tags[].items`. OpenShift keeps them until image pruning; Kiln
 * has no pruner for stream history, so it keeps the newest few (enough to see what changed).
 */
export const TAG_HISTORY_LIMIT = 10;

export const IMPORT_SUCCESS = 'ImportSuccess';

export const statusTags = (stream: ImageStream): NamedTagEventList[] => stream.status?.tags ?? [];

export const statusTag = (stream: ImageStream, tag: string): NamedTagEventList | undefined =>
  statusTags(stream).find((t) => t.tag === tag);

/** The image a tag points at now. */
export const latestEvent = (stream: ImageStream, tag: string): TagEvent | undefined =>
  statusTag(stream, tag)?.items?.[0];

/** Whether a tag has ever pointed at `digest` (a push we already know of). */
export const tagHasHad = (stream: ImageStream, tag: string, digest: string): boolean =>
  (statusTag(stream, tag)?.items ?? []).some((i) => i.image === digest);

/** An image of the stream by digest (the `ImageStreamImage` `name@sha256:…`), in any tag. */
export function findImage(stream: ImageStream, id: string): TagEvent | undefined {
  for (const tag of statusTags(stream)) {
    const found = (tag.items ?? []).find((i) => i.image !== '' && i.image === id);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function withStatusTag(stream: ImageStream, next: NamedTagEventList): ImageStream {
  const tags = [...statusTags(stream).filter((t) => t.tag !== next.tag), next].sort((a, b) =>
    a.tag.localeCompare(b.tag),
  );
  return { ...stream, status: { ...stream.status, tags } };
}

/**
 * The stream with `event` as the tag's newest image; undefined when the tag already points at
 * that image (so recording the same push twice changes nothing). A new image clears the tag's
 * failed-import conditions.
 */
export function withTagEvent(
  stream: ImageStream,
  tag: string,
  event: TagEvent,
): ImageStream | undefined {
  const current = statusTag(stream, tag);
  const latest = current?.items?.[0];
  if (
    latest &&
    latest.image === event.image &&
    latest.dockerImageReference === event.dockerImageReference
  ) {
    return undefined;
  }
  const items = [event, ...(current?.items ?? [])].slice(0, TAG_HISTORY_LIMIT);
  return withStatusTag(stream, { ...current, tag, items, conditions: undefined });
}

/** The stream with a failed import recorded on the tag; undefined when already recorded. */
export function withTagCondition(
  stream: ImageStream,
  tag: string,
  condition: TagEventCondition,
): ImageStream | undefined {
  const current = statusTag(stream, tag);
  const existing = current?.conditions?.find((c) => c.type === condition.type);
  if (
    existing &&
    existing.generation === condition.generation &&
    existing.reason === condition.reason &&
    existing.message === condition.message
  ) {
    return undefined;
  }
  const others = (current?.conditions ?? []).filter((c) => c.type !== condition.type);
  return withStatusTag(stream, {
    ...current,
    tag,
    items: current?.items ?? [],
    conditions: [...others, condition],
  });
}

/** The generation the tag's status last answered (image or failed import). */
export function statusGeneration(stream: ImageStream, tag: string): number {
  const current = statusTag(stream, tag);
  return Math.max(
    -1,
    current?.items?.[0]?.generation ?? -1,
    ...(current?.conditions ?? []).map((c) => c.generation),
  );
}

/** What became of a spec tag's import or tracking: an image, or why there is none. */
export type TagOutcome =
  { image: string; dockerImageReference: string } | { reason: string; message: string };

/**
 * The stream with spec tag `tag`'s import (or tracking) outcome for `generation` recorded: a new
 * image is prepended; the same image again takes the newer generation (so the import counts as
 * answered and is not repeated) and clears failures; a failure is an ImportSuccess=False
 * condition, the tag's image staying what it was. undefined when nothing changes.
 */
export function withOutcome(
  stream: ImageStream,
  tag: string,
  generation: number,
  outcome: TagOutcome,
  now: Date,
): ImageStream | undefined {
  if ('reason' in outcome) {
    return withTagCondition(stream, tag, {
      type: IMPORT_SUCCESS,
      status: 'False',
      lastTransitionTime: now.toISOString(),
      reason: outcome.reason,
      message: outcome.message,
      generation,
    });
  }
  const event = { created: now.toISOString(), ...outcome, generation };
  return withTagEvent(stream, tag, event) ?? answered(stream, tag, generation);
}

function answered(stream: ImageStream, tag: string, generation: number): ImageStream | undefined {
  const current = statusTag(stream, tag);
  const [latest, ...older] = current?.items ?? [];
  if (!current || !latest || (latest.generation >= generation && !current.conditions?.length)) {
    return undefined;
  }
  return withStatusTag(stream, {
    ...current,
    items: [{ ...latest, generation: Math.max(latest.generation, generation) }, ...older],
    conditions: undefined,
  });
}
