import { objectMetaSchema, objectReferenceSchema } from '@kiln/build-types';
import { z } from 'zod';

// The part of image.openshift.io/v1 that builds need. Loose objects, as in build-types: fields we
// do not model survive a round trip. `null` means unset, as Kubernetes' decoder reads it.
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

export const IMAGE_API_VERSION = 'image.openshift.io/v1';
export const IMAGE_GROUP = 'image.openshift.io';

/** How a spec tag is imported. */
export const tagImportPolicySchema = z.looseObject({
  /** Talk plain HTTP (or skip TLS verification) to the source registry. */
  insecure: opt(z.boolean()),
  /** Re-import the source periodically (KILN_IMAGE_IMPORT_INTERVAL_SECONDS). */
  scheduled: opt(z.boolean()),
  /** `Legacy` or `PreserveOriginal`; Kiln keeps whatever manifest the tag names (an index stays one). */
  importMode: opt(z.string()),
});

/** How builds pull the tag's images: `Source` (from where they came) or `Local` (the farm registry). */
export const tagReferencePolicySchema = z.looseObject({
  /** `Source` (default) or `Local`. */
  type: opt(z.string()),
});

/** One tag the user asked for (`spec.tags[]`). */
export const tagReferenceSchema = z.looseObject({
  /** The tag (`latest`, `18`). */
  name: z.string(),
  /** Free-form annotations of the tag. */
  annotations: opt(z.record(z.string(), z.string())),
  /** Where the tag's image comes from: `DockerImage`, `ImageStreamTag` (tracks it) or `ImageStreamImage` (pins one image). */
  from: opt(objectReferenceSchema),
  /** Point at `from` without importing it: builds use the pull spec as given. */
  reference: opt(z.boolean()),
  /** The stream generation at which this tag last changed; set by the server. */
  generation: opt(z.number().int()),
  /** Import settings. */
  importPolicy: opt(tagImportPolicySchema),
  /** How the image is referenced by builds. */
  referencePolicy: opt(tagReferencePolicySchema),
});
export type TagReference = z.infer<typeof tagReferenceSchema>;

/** One image a tag has pointed at (`status.tags[].items[]`, newest first). */
export const tagEventSchema = z.looseObject({
  /** RFC 3339 time the tag started pointing at this image. */
  created: z.string(),
  /** Pull spec by digest (`registry/ns/name@sha256:…`), or the referenced pull spec of a `reference` tag. */
  dockerImageReference: z.string(),
  /** The image's manifest digest (`sha256:…`); empty for a `reference` tag. */
  image: z.string(),
  /** The generation of the spec tag (or stream, for a push) that produced this event. */
  generation: z.number().int(),
});
export type TagEvent = z.infer<typeof tagEventSchema>;

/** Why a tag could not be updated (`ImportSuccess` `False`). */
export const tagEventConditionSchema = z.looseObject({
  /** `ImportSuccess`. */
  type: z.string(),
  /** `False` while the last import of this generation failed. */
  status: z.string(),
  /** RFC 3339 time the condition changed. */
  lastTransitionTime: opt(z.string()),
  /** `NotFound`, `Unauthorized`, `InternalError`… */
  reason: opt(z.string()),
  /** Human-readable detail. */
  message: opt(z.string()),
  /** The spec tag generation the failed import was for. */
  generation: z.number().int(),
});
export type TagEventCondition = z.infer<typeof tagEventConditionSchema>;

/** The history of one tag. */
export const namedTagEventListSchema = z.looseObject({
  /** The tag. */
  tag: z.string(),
  /** Images the tag pointed at, newest first (capped, see TAG_HISTORY_LIMIT). */
  items: opt(z.array(tagEventSchema)),
  /** Failed imports of the current generation. */
  conditions: opt(z.array(tagEventConditionSchema)),
});
export type NamedTagEventList = z.infer<typeof namedTagEventListSchema>;

/** A named repository of images in the farm registry, with tags that builds refer to. */
export const imageStreamSchema = z.looseObject({
  /** `image.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `ImageStream`. */
  kind: opt(z.string()),
  /** Standard metadata; `generation` counts spec changes. */
  metadata: objectMetaSchema,
  /** What the user wants: tags and where their images come from. */
  spec: opt(
    z.looseObject({
      /** Accepted and kept; Kiln has no pods to look images up for. */
      lookupPolicy: opt(z.looseObject({ local: opt(z.boolean()) })),
      /** Deprecated upstream; kept as given. */
      dockerImageRepository: opt(z.string()),
      /** The tags and their sources. */
      tags: opt(z.array(tagReferenceSchema)),
    }),
  ),
  /** What the server observed: the stream's repository and each tag's images. Server-owned. */
  status: opt(
    z.looseObject({
      /** `<farm registry>/<namespace>/<name>`: pushes there update this stream. */
      dockerImageRepository: opt(z.string()),
      /** Same as dockerImageRepository in Kiln (the farm registry has one address). */
      publicDockerImageRepository: opt(z.string()),
      /** History per tag, by tag name. */
      tags: opt(z.array(namedTagEventListSchema)),
    }),
  ),
});
export type ImageStream = z.infer<typeof imageStreamSchema>;

/** A spec tag as the ImageStreamTag and ImageStreamImport bodies carry it (name optional). */
export const tagBodySchema = tagReferenceSchema.extend({ name: opt(z.string()) });

/** Body of PUT/POST `imagestreamtags/{stream:tag}`: `tag` is the spec tag to set. */
export const imageStreamTagBodySchema = z.looseObject({
  apiVersion: opt(z.string()),
  kind: opt(z.string()),
  metadata: objectMetaSchema,
  /** The spec tag to set (`from`, `importPolicy`, `referencePolicy`, `reference`). */
  tag: opt(tagBodySchema),
});

/** Body of POST `imagestreamimports`: import external images into tags of a stream, now. */
export const imageStreamImportSchema = z.looseObject({
  apiVersion: opt(z.string()),
  kind: opt(z.string()),
  /** `name` is the ImageStream to import into. */
  metadata: objectMetaSchema,
  spec: z.looseObject({
    /** false: only look the images up (dry run), change nothing. */
    import: z.boolean(),
    /** The images to import, each into one tag. */
    images: opt(
      z.array(
        z.looseObject({
          /** A `DockerImage` pull spec. */
          from: objectReferenceSchema,
          /** The tag to import into (`to.name`); default: the source's tag. */
          to: opt(z.looseObject({ name: opt(z.string()) })),
          importPolicy: opt(tagImportPolicySchema),
          referencePolicy: opt(tagReferencePolicySchema),
          /** Accepted and ignored. */
          includeManifest: opt(z.boolean()),
        }),
      ),
    ),
    /** Importing every tag of a repository: not supported by Kiln (400). */
    repository: opt(z.unknown()),
  }),
});
export type ImageStreamImport = z.infer<typeof imageStreamImportSchema>;
