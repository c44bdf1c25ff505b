import { z } from 'zod';
import { envVarSchema } from '../core/env-var.js';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';
import { buildVolumeSchema } from './build-volume.js';

/** Source-to-image: combine source with a builder image that knows how to assemble it. */
export const sourceBuildStrategySchema = z.looseObject({
  /** The builder image (required). */
  from: objectReferenceSchema,
  /** Secret for pulling the builder image. */
  pullSecret: opt(localObjectReferenceSchema),
  /** Variables visible to `assemble` and persisted in the output image. */
  env: opt(z.array(envVarSchema)),
  /** URL of assemble/run/save-artifacts (`image://`, `http(s)://`, `file://`). */
  scripts: opt(z.string()),
  /** Reuse artifacts of the previous output image via `save-artifacts`. */
  incremental: opt(z.boolean()),
  /** Always pull the builder image. */
  forcePull: opt(z.boolean()),
  /** Read-only mounts for the assemble step. */
  volumes: opt(z.array(buildVolumeSchema)),
});
export type SourceBuildStrategy = z.infer<typeof sourceBuildStrategySchema>;
