import { z } from 'zod';
import { listMetaSchema, objectMetaSchema } from '../core/object-meta.js';
import { opt } from '../shared/schema-helpers.js';
import { buildStatusSchema } from './build-status.js';
import { commonSpecShape } from './common-spec.js';
import { buildTriggerCauseSchema } from './trigger-cause.js';

/** What one build does: the common spec copied from its BuildConfig, plus why it started. */
export const buildSpecSchema = z.looseObject({
  ...commonSpecShape,
  /** Causes of this build, e.g. `[{ message: 'Manually triggered' }]`. */
  triggeredBy: opt(z.array(buildTriggerCauseSchema)),
});
export type BuildSpec = z.infer<typeof buildSpecSchema>;

/** One run of a build, usually `<buildconfig>-<n>`. */
export const buildSchema = z.looseObject({
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `Build`. */
  kind: opt(z.string()),
  /** Standard metadata; see `BuildAnnotation` and `BuildLabel` for the keys the server sets. */
  metadata: objectMetaSchema,
  /** What to build. */
  spec: buildSpecSchema,
  /** What happened. */
  status: opt(buildStatusSchema),
});
export type Build = z.infer<typeof buildSchema>;

/** A list of Builds. */
export const buildListSchema = z.looseObject({
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `BuildList`. */
  kind: opt(z.string()),
  /** List metadata. */
  metadata: opt(listMetaSchema),
  /** The Builds. */
  items: z.array(buildSchema),
});
export type BuildList = z.infer<typeof buildListSchema>;
