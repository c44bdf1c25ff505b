import { z } from 'zod';
import { envVarSchema } from '../core/env-var.js';
import { objectMetaSchema } from '../core/object-meta.js';
import { objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';
import { binaryBuildSourceSchema } from './build-source.js';
import { sourceRevisionSchema } from './source-revision.js';
import { buildTriggerCauseSchema } from './trigger-cause.js';

/** Body of `instantiate` and `clone`: start a build, optionally overriding a few things. */
export const buildRequestSchema = z.looseObject({
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** `BuildRequest`. */
  kind: opt(z.string()),
  /** `name` is the BuildConfig (or Build, for clone); labels/annotations merge into the Build. */
  metadata: objectMetaSchema,
  /** Revision to build instead of the branch head. */
  revision: opt(sourceRevisionSchema),
  /** The image (DockerImage pull spec) whose arrival fired this request. */
  triggeredByImage: opt(objectReferenceSchema),
  /** The ImageStreamTag that fired this request. */
  from: opt(objectReferenceSchema),
  /** Set for binary builds; the upload follows separately. */
  binary: opt(binaryBuildSourceSchema),
  /** Optimistic check: must equal the BuildConfig's `status.lastVersion`. */
  lastVersion: opt(z.number().int()),
  /** Variables that replace same-named strategy env entries (appended at the end). */
  env: opt(z.array(envVarSchema)),
  /** Causes recorded on the Build; default `Manually triggered`. */
  triggeredBy: opt(z.array(buildTriggerCauseSchema)),
  /** Docker builds only: build-arg and cache overrides. */
  dockerStrategyOptions: opt(
    z.looseObject({
      /** Build args merged by name into the strategy's. */
      buildArgs: opt(z.array(envVarSchema)),
      /** Overrides `dockerStrategy.noCache`. */
      noCache: opt(z.boolean()),
    }),
  ),
  /** Source builds only: incremental override. */
  sourceStrategyOptions: opt(
    z.looseObject({
      /** Overrides `sourceStrategy.incremental`. */
      incremental: opt(z.boolean()),
    }),
  ),
});
export type BuildRequest = z.infer<typeof buildRequestSchema>;
