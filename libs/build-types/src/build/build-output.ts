import { z } from 'zod';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';

/** A label written into the output image. */
export const imageLabelSchema = z.looseObject({
  /** Label name; unique within one BuildConfig. */
  name: z.string(),
  /** Label value. */
  value: opt(z.string()),
});
export type ImageLabel = z.infer<typeof imageLabelSchema>;

/** Where the built image is pushed. */
export const buildOutputSchema = z.looseObject({
  /** Push target: `DockerImage` (a pull spec) or `ImageStreamTag` (`name:tag`). Absent = no push. */
  to: opt(objectReferenceSchema),
  /** Registry credentials for the push; resolved from the service account when absent. */
  pushSecret: opt(localObjectReferenceSchema),
  /** Labels applied after (overriding) the generated `io.openshift.build.*` labels. */
  imageLabels: opt(z.array(imageLabelSchema)),
});
export type BuildOutput = z.infer<typeof buildOutputSchema>;
