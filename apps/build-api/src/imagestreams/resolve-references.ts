import type { Build, BuildStrategy, ObjectReference } from '@kiln/build-types';
import { findImage, latestEvent } from './image-stream-status.js';
import type { ImageStream } from './image-stream.schema.js';
import { keyText, parseStreamImage, parseStreamTag, type TagKey } from './tag-names.js';

type BuildSpec = Build['spec'];

/** The streams a resolution reads, loaded beforehand (undefined: no such stream). */
export type StreamLookup = (namespace: string, name: string) => ImageStream | undefined;

/** An ImageStreamTag a build's input was resolved from, and the pull spec it got. */
export type UsedImage = { key: TagKey; image: string };

export type Resolution =
  | { ok: true; spec: BuildSpec; outputReference?: string; used: UsedImage[] }
  | { ok: false; reason: 'InvalidImageReference' | 'InvalidOutputReference'; message: string };

class Unresolvable extends Error {
  constructor(
    readonly reason: 'InvalidImageReference' | 'InvalidOutputReference',
    message: string,
  ) {
    super(message);
  }
}

const STRATEGIES = ['sourceStrategy', 'dockerStrategy', 'customStrategy'] as const;

/** Every image-stream reference of a build spec: inputs (strategy, source images) and output. */
function references(spec: BuildSpec): { ref: ObjectReference; output: boolean }[] {
  const strategy: BuildStrategy = spec.strategy ?? {};
  const inputs = [
    ...STRATEGIES.map((s) => strategy[s]?.from),
    ...(spec.source?.images ?? []).map((i) => i.from),
  ];
  return [
    ...inputs.flatMap((ref) => (ref ? [{ ref, output: false }] : [])),
    ...(spec.output?.to ? [{ ref: spec.output.to, output: true }] : []),
  ].filter(({ ref }) => ref.kind === 'ImageStreamTag' || ref.kind === 'ImageStreamImage');
}

/** The streams (namespace, name) a build spec refers to, for loading before `resolveBuildSpec`. */
export function streamsReferenced(
  spec: BuildSpec,
  namespace: string,
): { namespace: string; name: string }[] {
  const seen = new Map<string, { namespace: string; name: string }>();
  for (const { ref } of references(spec)) {
    const name =
      ref.kind === 'ImageStreamTag'
        ? parseStreamTag(ref.name ?? '')?.stream
        : parseStreamImage(ref.name ?? '')?.stream;
    if (name) {
      const ns = ref.namespace || namespace;
      seen.set(`${ns}/${name}`, { namespace: ns, name });
    }
  }
  return [...seen.values()];
}

/**
 * The images an ImageChange build was started for (`triggeredBy[].imageChangeBuild`), by tag:
 * the build uses these rather than whatever the tags point at by the time it is resolved.
 */
export function pinnedImages(spec: BuildSpec, namespace: string): Map<string, string> {
  const pinned = new Map<string, string>();
  for (const cause of spec.triggeredBy ?? []) {
    const { imageID, fromRef } = cause.imageChangeBuild ?? {};
    const parsed =
      fromRef?.kind === 'ImageStreamTag' ? parseStreamTag(fromRef.name ?? '') : undefined;
    if (imageID && parsed) {
      pinned.set(keyText({ namespace: fromRef?.namespace || namespace, ...parsed }), imageID);
    }
  }
  return pinned;
}

const notFound = (what: string, namespace: string) =>
  `${what} not found in namespace "${namespace}"`;

function resolveInput(
  ref: ObjectReference,
  namespace: string,
  lookup: StreamLookup,
  pinned: Map<string, string>,
  used: UsedImage[],
): ObjectReference {
  const ns = ref.namespace || namespace;
  const name = ref.name ?? '';
  if (ref.kind === 'ImageStreamImage') {
    const parsed = parseStreamImage(name);
    const stream = parsed && lookup(ns, parsed.stream);
    const image = parsed && stream ? findImage(stream, parsed.image) : undefined;
    if (!image) {
      throw new Unresolvable('InvalidImageReference', notFound(`imagestreamimage "${name}"`, ns));
    }
    return { kind: 'DockerImage', name: image.dockerImageReference };
  }
  const parsed = parseStreamTag(name);
  if (!parsed) {
    throw new Unresolvable('InvalidImageReference', `"${name}" is not an ImageStreamTag`);
  }
  const key = { namespace: ns, ...parsed };
  const stream = lookup(ns, parsed.stream);
  const image =
    pinned.get(keyText(key)) ?? (stream && latestEvent(stream, parsed.tag)?.dockerImageReference);
  if (!image) {
    const what = stream
      ? `imagestreamtag "${parsed.stream}:${parsed.tag}" (no image yet)`
      : `imagestream "${parsed.stream}"`;
    throw new Unresolvable('InvalidImageReference', notFound(what, ns));
  }
  used.push({ key, image });
  return { kind: 'DockerImage', name: image };
}

function resolveOutput(ref: ObjectReference, namespace: string, lookup: StreamLookup): string {
  const ns = ref.namespace || namespace;
  const parsed = ref.kind === 'ImageStreamTag' ? parseStreamTag(ref.name ?? '') : undefined;
  if (!parsed) {
    throw new Unresolvable(
      'InvalidOutputReference',
      `output to ${ref.kind ?? ''} "${ref.name ?? ''}" is not supported`,
    );
  }
  // The stream must exist, as in OpenShift; the tag appears with the first push.
  const repository = lookup(ns, parsed.stream)?.status?.dockerImageRepository;
  if (!repository) {
    throw new Unresolvable(
      'InvalidOutputReference',
      notFound(`imagestream "${parsed.stream}"`, ns),
    );
  }
  return `${repository}:${parsed.tag}`;
}

/**
 * OpenShift's resolution at build generation: every ImageStreamTag or ImageStreamImage input
 * (strategy `from`, `source.images[].from`) becomes a DockerImage pull spec by digest, the image
 * the tag points at (or the one an ImageChange trigger fired for); an ImageStreamTag output
 * becomes `<stream repository>:<tag>` in the farm registry. The output is checked first, as the
 * build controller does. Pure: the streams were read by the caller.
 *
 * An image is always referenced where it came from (`referencePolicy: Source`): the farm
 * registry is a plain docker-registry that cannot pull through, so `Local` is kept in the spec
 * but resolves the same way.
 */
export function resolveBuildSpec(
  spec: BuildSpec,
  namespace: string,
  lookup: StreamLookup,
  pinned: Map<string, string> = new Map(),
): Resolution {
  const next = structuredClone(spec);
  const used: UsedImage[] = [];
  try {
    let outputReference: string | undefined;
    const to = next.output?.to;
    if (next.output && to && (to.kind === 'ImageStreamTag' || to.kind === 'ImageStreamImage')) {
      outputReference = resolveOutput(to, namespace, lookup);
      next.output.to = { kind: 'DockerImage', name: outputReference };
    }
    const resolve = (ref: ObjectReference) =>
      ref.kind === 'ImageStreamTag' || ref.kind === 'ImageStreamImage'
        ? resolveInput(ref, namespace, lookup, pinned, used)
        : ref;
    const strategy = next.strategy ?? {};
    for (const s of STRATEGIES) {
      const current = strategy[s];
      if (current?.from) {
        current.from = resolve(current.from);
      }
    }
    for (const image of next.source?.images ?? []) {
      image.from = resolve(image.from);
    }
    return { ok: true, spec: next, used, ...(outputReference ? { outputReference } : {}) };
  } catch (error) {
    if (error instanceof Unresolvable) {
      return { ok: false, reason: error.reason, message: error.message };
    }
    throw error;
  }
}

/** Whether a build spec still names image streams (it was never resolved). */
export const hasStreamReferences = (spec: BuildSpec): boolean => references(spec).length > 0;
