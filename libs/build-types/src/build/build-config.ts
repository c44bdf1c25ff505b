import { z } from 'zod';
import { objectReferenceSchema } from '../core/object-reference.js';
import { listMetaSchema, objectMetaSchema } from '../core/object-meta.js';
import { opt } from '../shared/schema-helpers.js';
import { commonSpecShape } from './common-spec.js';
import { BuildRunPolicy } from './run-policy.js';
import { buildTriggerPolicySchema } from './triggers.js';

/** What a BuildConfig wants: the common build spec plus triggers, scheduling and pruning. */
export const buildConfigSpecSchema = z.looseObject({
  ...commonSpecShape,
  /** Ways builds start besides a manual request; none means manual only. */
  triggers: opt(z.array(buildTriggerPolicySchema)),
  /** `Serial` (default), `SerialLatestOnly` or `Parallel`. */
  runPolicy: opt(z.enum(BuildRunPolicy)),
  /** Complete builds kept when pruning; >= 0, default 5. */
  successfulBuildsHistoryLimit: opt(z.number().int()),
  /** Failed, Error and Cancelled builds kept when pruning; >= 0, default 5. */
  failedBuildsHistoryLimit: opt(z.number().int()),
});
export type BuildConfigSpec = z.infer<typeof buildConfigSpecSchema>;

/** What the server last recorded for one ImageChange trigger. */
export const imageChangeTriggerStatusSchema = z.looseObject({
  /** The image (pull spec) that last fired, or the one resolved when the trigger was recorded. */
  lastTriggeredImageID: opt(z.string()),
  /** The ImageStreamTag watched (namespace and name). */
  from: opt(objectReferenceSchema),
  /** RFC 3339 time the trigger last fired. */
  lastTriggerTime: opt(z.string()),
});
export type ImageChangeTriggerStatus = z.infer<typeof imageChangeTriggerStatusSchema>;

/** What the server observed about a BuildConfig. */
export const buildConfigStatusSchema = z.looseObject({
  /** Number of the last build generated; never decreases. */
  lastVersion: opt(z.number().int()),
  /** One entry per ImageChange trigger. */
  imageChangeTriggers: opt(z.array(imageChangeTriggerStatusSchema)),
});
export type BuildConfigStatus = z.infer<typeof buildConfigStatusSchema>;

/** A recipe for builds: source, strategy, output and the triggers that start them. */
export const buildConfigSchema = z.looseObject({
  /** `build.openshift.io/v1` (legacy manifests say `v1`). */
  apiVersion: opt(z.string()),
  /** `BuildConfig`. */
  kind: opt(z.string()),
  /** Standard metadata; `name` is required. */
  metadata: objectMetaSchema,
  /** The desired behaviour. */
  spec: buildConfigSpecSchema,
  /** Observed state. */
  status: opt(buildConfigStatusSchema),
});
export type BuildConfig = z.infer<typeof buildConfigSchema>;

/** A list of BuildConfigs. */
export const buildConfigListSchema = z.looseObject({
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `BuildConfigList`. */
  kind: opt(z.string()),
  /** List metadata. */
  metadata: opt(listMetaSchema),
  /** The BuildConfigs. */
  items: z.array(buildConfigSchema),
});
export type BuildConfigList = z.infer<typeof buildConfigListSchema>;
