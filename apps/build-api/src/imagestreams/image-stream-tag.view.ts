import { latestEvent, statusTag } from './image-stream-status.js';
import { IMAGE_API_VERSION, type ImageStream } from './image-stream.schema.js';

/**
 * The ImageStreamTag `stream:tag` as OpenShift serves it, derived from the stream: the spec tag
 * (`tag`), the image the tag points at (`image`: its digest as the Image's name, and the pull
 * spec), the tag's failed-import conditions. undefined when the stream knows no such tag.
 */
export function imageStreamTagOf(
  stream: ImageStream,
  tag: string,
): Record<string, unknown> | undefined {
  const spec = (stream.spec?.tags ?? []).find((t) => t.name === tag);
  const status = statusTag(stream, tag);
  if (!spec && !status) {
    return undefined;
  }
  const latest = latestEvent(stream, tag);
  return {
    kind: 'ImageStreamTag',
    apiVersion: IMAGE_API_VERSION,
    metadata: {
      name: `${stream.metadata.name ?? ''}:${tag}`,
      namespace: stream.metadata.namespace,
      uid: stream.metadata.uid,
      resourceVersion: stream.metadata.resourceVersion,
      creationTimestamp: latest?.created ?? stream.metadata.creationTimestamp,
    },
    tag: spec ?? null,
    generation: latest?.generation ?? spec?.generation ?? stream.metadata.generation ?? 0,
    lookupPolicy: stream.spec?.lookupPolicy ?? { local: false },
    ...(status?.conditions?.length ? { conditions: status.conditions } : {}),
    ...(latest
      ? {
          image: {
            metadata: { name: latest.image, creationTimestamp: latest.created },
            dockerImageReference: latest.dockerImageReference,
          },
        }
      : {}),
  };
}

/** Every tag of the stream that points at an image, as ImageStreamTags. */
export const imageStreamTagsOf = (stream: ImageStream): Record<string, unknown>[] =>
  (stream.status?.tags ?? [])
    .filter((t) => (t.items ?? []).length > 0)
    .flatMap((t) => {
      const view = imageStreamTagOf(stream, t.tag);
      return view ? [view] : [];
    });
