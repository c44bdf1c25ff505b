import { z } from 'zod';
import { opt, stringMap } from '../shared/schema-helpers.js';

/** Points from a dependent object to its owner (a Build is owned by its BuildConfig). */
export const ownerReferenceSchema = z.looseObject({
  /** API version of the owner. */
  apiVersion: z.string(),
  /** Kind of the owner. */
  kind: z.string(),
  /** Name of the owner. */
  name: z.string(),
  /** UID of the owner. */
  uid: z.string(),
  /** True when the owner is the managing controller of this object. */
  controller: opt(z.boolean()),
  /** True when the owner cannot be deleted before this object is removed. */
  blockOwnerDeletion: opt(z.boolean()),
});
export type OwnerReference = z.infer<typeof ownerReferenceSchema>;

/** Standard object metadata shared by every kind. */
export const objectMetaSchema = z.looseObject({
  /** Object name, unique per namespace and kind; a DNS-1123 subdomain for builds. */
  name: opt(z.string()),
  /** Prefix from which the server generates a name when `name` is empty. */
  generateName: opt(z.string()),
  /** Namespace the object lives in. */
  namespace: opt(z.string()),
  /** Queryable key/value pairs; keys and values follow the Kubernetes label syntax. */
  labels: opt(stringMap),
  /** Non-queryable key/value pairs for tools and controllers. */
  annotations: opt(stringMap),
  /** Server-assigned unique id. */
  uid: opt(z.string()),
  /** Opaque version used for optimistic concurrency. */
  resourceVersion: opt(z.string()),
  /** Sequence number of spec changes, set by the server. */
  generation: opt(z.number().int()),
  /** RFC 3339 creation time; templates often carry `null`. */
  creationTimestamp: opt(z.string()),
  /** RFC 3339 time after which the object is being deleted. */
  deletionTimestamp: opt(z.string()),
  /** Objects this one depends on; garbage collection follows them. */
  ownerReferences: opt(z.array(ownerReferenceSchema)),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/** Metadata of list kinds. */
export const listMetaSchema = z.looseObject({
  /** Version of the list, for watches. */
  resourceVersion: opt(z.string()),
  /** Token to fetch the next page. */
  continue: opt(z.string()),
});
export type ListMeta = z.infer<typeof listMetaSchema>;
