import { IMAGE_API_VERSION, type ImageStream, type TagReference } from './image-stream.schema.js';
import { streamRepository } from './tag-names.js';

/** JSON with sorted keys, so that two tags that differ only in key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sameTagSpec = (a: TagReference, b: TagReference): boolean => {
  const { generation: _a, ...restA } = a;
  const { generation: _b, ...restB } = b;
  return canonical(restA) === canonical(restB);
};

/** OpenShift's default: builds pull a tag's images from where they came. */
const withDefaults = (tag: TagReference): TagReference => ({
  ...tag,
  referencePolicy: { ...tag.referencePolicy, type: tag.referencePolicy?.type || 'Source' },
});

const repositoryStatus = (registry: string, namespace: string, name: string) => {
  const repository = streamRepository(registry, namespace, name);
  return { dockerImageRepository: repository, publicDockerImageRepository: repository };
};

/**
 * A new stream as stored: generation 1 on the stream and each spec tag, status the server's
 * own (the repository; no tag history until something is pushed or imported).
 */
export function prepareCreate(
  stream: ImageStream,
  namespace: string,
  registry: string,
): ImageStream {
  const name = stream.metadata.name ?? '';
  return {
    ...stream,
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStream',
    metadata: { ...stream.metadata, namespace, generation: 1 },
    spec: {
      ...stream.spec,
      tags: (stream.spec?.tags ?? []).map((t) => ({ ...withDefaults(t), generation: 1 })),
    },
    status: { ...repositoryStatus(registry, namespace, name), tags: [] },
  };
}

/**
 * An update as stored. When the spec changed the stream's generation goes up and every tag
 * that changed (or is new) takes it, which is what asks for its import or tracking again. The
 * status stays the server's, minus the history of tags removed from the spec.
 */
export function prepareUpdate(
  current: ImageStream,
  next: ImageStream,
  registry: string,
): ImageStream {
  const before = current.spec?.tags ?? [];
  const tags = (next.spec?.tags ?? []).map(withDefaults);
  const changed = tags.filter((t) => {
    const old = before.find((b) => b.name === t.name);
    return !old || !sameTagSpec(old, t);
  });
  const specChanged =
    changed.length > 0 ||
    tags.length !== before.length ||
    canonical({ ...current.spec, tags: undefined }) !==
      canonical({ ...next.spec, tags: undefined });
  const generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
  const removed = before.filter((b) => !tags.some((t) => t.name === b.name)).map((b) => b.name);
  const namespace = current.metadata.namespace ?? '';
  return {
    ...next,
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStream',
    metadata: { ...next.metadata, generation },
    spec: {
      ...next.spec,
      tags: tags.map((t) => ({
        ...t,
        generation: changed.includes(t)
          ? generation
          : (before.find((b) => b.name === t.name)?.generation ?? generation),
      })),
    },
    status: {
      ...current.status,
      ...repositoryStatus(registry, namespace, current.metadata.name ?? ''),
      tags: (current.status?.tags ?? []).filter((t) => !removed.includes(t.tag)),
    },
  };
}

/** The stream with spec tag `tag` set (added, or replaced whole). */
export function withSpecTag(stream: ImageStream, tag: TagReference): ImageStream {
  const tags = stream.spec?.tags ?? [];
  const at = tags.findIndex((t) => t.name === tag.name);
  const next = at < 0 ? [...tags, tag] : tags.map((t, i) => (i === at ? tag : t));
  return { ...stream, spec: { ...stream.spec, tags: next } };
}

/** The stream without tag `tag`, in spec and status alike (`oc tag -d`). */
export function withoutTag(stream: ImageStream, tag: string): ImageStream {
  return {
    ...stream,
    spec: { ...stream.spec, tags: (stream.spec?.tags ?? []).filter((t) => t.name !== tag) },
    status: { ...stream.status, tags: (stream.status?.tags ?? []).filter((t) => t.tag !== tag) },
  };
}
