import { z } from 'zod';
import { objectMetaSchema } from '../core/object-meta.js';
import { opt } from '../shared/schema-helpers.js';

/** Query options of `instantiatebinary`: how to treat the upload and what commit it is. */
export const binaryBuildRequestOptionsSchema = z.looseObject({
  /** `BinaryBuildRequestOptions`. */
  kind: opt(z.string()),
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `name` is the BuildConfig. */
  metadata: opt(objectMetaSchema),
  /** Store the body as this single file (no slashes, not `.` or `..`) instead of extracting it. */
  asFile: opt(z.string()),
  /** Commit id recorded as the build's revision. */
  'revision.commit': opt(z.string()),
  /** Commit message. */
  'revision.message': opt(z.string()),
  /** Author name. */
  'revision.authorName': opt(z.string()),
  /** Author e-mail. */
  'revision.authorEmail': opt(z.string()),
  /** Committer name. */
  'revision.committerName': opt(z.string()),
  /** Committer e-mail. */
  'revision.committerEmail': opt(z.string()),
});
export type BinaryBuildRequestOptions = z.infer<typeof binaryBuildRequestOptionsSchema>;
