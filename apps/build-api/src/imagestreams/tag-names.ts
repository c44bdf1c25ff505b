/** One tag of one stream, fully qualified. */
export type TagKey = { namespace: string; stream: string; tag: string };

/** The grammar of a tag in the distribution protocol. */
const TAG = /^[\w][\w.-]{0,127}$/;
/** A stream name is one repository path component (it becomes `<ns>/<name>` in the registry). */
const STREAM = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$/;

export const isTagName = (tag: string): boolean => TAG.test(tag);
export const isStreamName = (name: string): boolean => name.length <= 253 && STREAM.test(name);

/**
 * `stream:tag` → parts; `stream` alone means `latest`, as OpenShift defaults it. undefined when
 * malformed (more than one colon, an empty part).
 */
export function parseStreamTag(name: string): { stream: string; tag: string } | undefined {
  const parts = name.split(':');
  const [stream, tag = 'latest'] = parts;
  if (parts.length > 2 || !stream || !tag) {
    return undefined;
  }
  return { stream, tag };
}

/** `stream@sha256:…` → parts; undefined when malformed. */
export function parseStreamImage(name: string): { stream: string; image: string } | undefined {
  const at = name.indexOf('@');
  const stream = name.slice(0, at);
  const image = name.slice(at + 1);
  if (at <= 0 || !image || image.includes('@')) {
    return undefined;
  }
  return { stream, image };
}

/** `ns/stream:tag`: a tag's identity in maps, logs and messages. */
export const keyText = (key: TagKey): string => `${key.namespace}/${key.stream}:${key.tag}`;

export const sameTag = (a: TagKey, b: TagKey): boolean =>
  a.namespace === b.namespace && a.stream === b.stream && a.tag === b.tag;

/** Repository of a stream in the farm registry: OpenShift's `<registry>/<namespace>/<name>`. */
export const streamRepository = (registry: string, namespace: string, stream: string): string =>
  `${registry}/${namespace}/${stream}`;

/**
 * Repositories of the farm registry that hold the farm's own artifacts (source bundles, build
 * contexts, staging images, layer caches): pushes there are never images of a stream.
 */
const RESERVED_PREFIX = 'kiln-';

/** The stream a farm-registry repository backs (`ns/name`), if it can back one. */
export function streamOfRepository(
  repository: string,
): { namespace: string; stream: string } | undefined {
  const parts = repository.split('/');
  const [namespace = '', stream = ''] = parts;
  if (parts.length !== 2 || namespace.startsWith(RESERVED_PREFIX) || !isStreamName(stream)) {
    return undefined;
  }
  return { namespace, stream };
}

/**
 * The tag a spec tag's `from: ImageStreamTag` tracks, qualified. In a spec tag a name without
 * `:` is another tag of the same stream (`{kind: ImageStreamTag, name: latest}` on tag `18`).
 */
export function trackedTag(
  namespace: string,
  stream: string,
  from: { kind?: string | null; name?: string | null; namespace?: string | null },
): TagKey | undefined {
  const name = from.name ?? '';
  if (from.kind !== 'ImageStreamTag' || !name) {
    return undefined;
  }
  const ns = from.namespace || namespace;
  if (!name.includes(':')) {
    return { namespace: ns, stream, tag: name };
  }
  const parsed = parseStreamTag(name);
  return parsed ? { namespace: ns, ...parsed } : undefined;
}
