import { z } from 'zod';
import { objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';
import { BuildPhase } from './build-phase.js';
import { stageInfoSchema } from './build-stages.js';
import { statusReasons } from './status-reason.js';

/** Condition of a build: one per phase ever reached; only the current one is `True`. */
export const buildConditionSchema = z.looseObject({
  /** The phase name. */
  type: z.string(),
  /** `True`, `False` or `Unknown`. */
  status: z.string(),
  /** RFC 3339 time this condition was last updated. */
  lastUpdateTime: opt(z.string()),
  /** RFC 3339 time this condition last changed status. */
  lastTransitionTime: opt(z.string()),
  /** Reason of the current phase (empty on `False` conditions). */
  reason: opt(z.string()),
  /** Message of the current phase (empty on `False` conditions). */
  message: opt(z.string()),
});
export type BuildCondition = z.infer<typeof buildConditionSchema>;

/** Where the image went. */
export const buildStatusOutputSchema = z.looseObject({
  /** The pushed image. */
  to: opt(
    z.looseObject({
      /** Digest the registry returned for the push; absent when unknown. */
      imageDigest: opt(z.string()),
    }),
  ),
});
export type BuildStatusOutput = z.infer<typeof buildStatusOutputSchema>;

/** What happened to a build. */
export const buildStatusSchema = z.looseObject({
  /** Current phase. */
  phase: z.enum(BuildPhase),
  /** Set by clients to request cancellation of a live build. */
  cancelled: opt(z.boolean()),
  /** Machine-readable cause of the current phase, from the closed list. */
  reason: opt(z.enum(statusReasons)),
  /** Human-readable detail. */
  message: opt(z.string()),
  /** RFC 3339 time the pod started. */
  startTimestamp: opt(z.string()),
  /** RFC 3339 time the build reached a terminal phase. */
  completionTimestamp: opt(z.string()),
  /** Completion minus start, in nanoseconds. */
  duration: opt(z.number().int()),
  /** Resolved push target (or the build name when there is no output). */
  outputDockerImageReference: opt(z.string()),
  /** The BuildConfig the build came from. */
  config: opt(objectReferenceSchema),
  /** Push result. */
  output: opt(buildStatusOutputSchema),
  /** Timed stages and steps. */
  stages: opt(z.array(stageInfoSchema)),
  /** Last lines of the failing container's message (Failed and Error only). */
  logSnippet: opt(z.string()),
  /** One condition per phase reached. */
  conditions: opt(z.array(buildConditionSchema)),
});
export type BuildStatus = z.infer<typeof buildStatusSchema>;
