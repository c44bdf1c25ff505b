import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** A reference to any object; builds use it for images (`ImageStreamTag`, `DockerImage`, ...). */
export const objectReferenceSchema = z.looseObject({
  /** Kind of the referent, e.g. `ImageStreamTag`, `ImageStreamImage` or `DockerImage`. */
  kind: opt(z.string()),
  /** Namespace of the referent; empty means the namespace of the referring object. */
  namespace: opt(z.string()),
  /** Name of the referent; for `DockerImage` a pull spec, for `ImageStreamTag` `name:tag`. */
  name: opt(z.string()),
  /** UID of the referent. */
  uid: opt(z.string()),
  /** API version of the referent. */
  apiVersion: opt(z.string()),
  /** Resource version of the referent. */
  resourceVersion: opt(z.string()),
  /** A path inside the referent (e.g. `spec.containers{name}`). */
  fieldPath: opt(z.string()),
});
export type ObjectReference = z.infer<typeof objectReferenceSchema>;

/** A reference to an object by name within the same namespace (secrets, config maps). */
export const localObjectReferenceSchema = z.looseObject({
  /** Name of the referent. */
  name: opt(z.string()),
});
export type LocalObjectReference = z.infer<typeof localObjectReferenceSchema>;
