import type { ObjectMeta, ObjectReference } from '@kiln/build-types';
import type { KilnClient } from './client.js';
import { objectPath, Resources } from './resources.js';

// The parts of image.openshift.io/v1 the CLI reads (build-types models build.openshift.io only).

/** One tag the user asked for. */
export type TagReference = {
  name: string;
  from?: ObjectReference | null;
  reference?: boolean | null;
  generation?: number | null;
  importPolicy?: { scheduled?: boolean | null; insecure?: boolean | null } | null;
  referencePolicy?: { type?: string | null } | null;
};

/** One image a tag pointed at. */
export type TagEvent = {
  created: string;
  dockerImageReference: string;
  image: string;
  generation: number;
};

/** A tag's history, newest first, and its failed imports. */
export type NamedTagEventList = {
  tag: string;
  items?: TagEvent[] | null;
  conditions?:
    | {
        type: string;
        status: string;
        reason?: string | null;
        message?: string | null;
        lastTransitionTime?: string | null;
      }[]
    | null;
};

export type ImageStream = {
  metadata: ObjectMeta;
  spec?: { lookupPolicy?: { local?: boolean | null } | null; tags?: TagReference[] | null } | null;
  status?: { dockerImageRepository?: string | null; tags?: NamedTagEventList[] | null } | null;
};

export type ImageStreamTag = {
  metadata: ObjectMeta;
  tag?: TagReference | null;
  image?: { metadata?: { name?: string }; dockerImageReference?: string } | null;
};

/** What one image of an ImageStreamImport came to. */
export type ImportedImage = {
  tag?: string;
  status?: { status?: string; reason?: string; message?: string };
  image?: { metadata?: { name?: string }; dockerImageReference?: string };
};

export type ImageStreamImportResult = {
  status?: { import?: ImageStream; images?: ImportedImage[] };
};

/** Sets spec tag `stream:tag` (PUT of the ImageStreamTag; the stream is created if missing). */
export function setTag(
  client: KilnClient,
  namespace: string,
  name: string,
  tag: Omit<TagReference, 'name'>,
): Promise<ImageStreamTag> {
  return client.json('PUT', objectPath(Resources.imageStreamTags, namespace, name), {
    json: {
      kind: 'ImageStreamTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name },
      tag: { name: name.slice(name.indexOf(':') + 1), ...tag },
    },
  });
}

export async function deleteTag(client: KilnClient, namespace: string, name: string) {
  await client.json('DELETE', objectPath(Resources.imageStreamTags, namespace, name));
}

/** POSTs an ImageStreamImport of `images` into `stream`. */
export function importImages(
  client: KilnClient,
  namespace: string,
  stream: string,
  images: {
    from: string;
    tag: string;
    scheduled?: boolean;
    insecure?: boolean;
    referencePolicy?: string;
  }[],
  confirm = true,
): Promise<ImageStreamImportResult> {
  const path = `/apis/image.openshift.io/v1/namespaces/${encodeURIComponent(namespace)}/imagestreamimports`;
  return client.json('POST', path, {
    json: {
      kind: 'ImageStreamImport',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: stream },
      spec: {
        import: confirm,
        images: images.map((i) => ({
          from: { kind: 'DockerImage', name: i.from },
          to: { name: i.tag },
          importPolicy: {
            ...(i.scheduled === undefined ? {} : { scheduled: i.scheduled }),
            ...(i.insecure === undefined ? {} : { insecure: i.insecure }),
          },
          ...(i.referencePolicy ? { referencePolicy: { type: i.referencePolicy } } : {}),
        })),
      },
    },
  });
}
