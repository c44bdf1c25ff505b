import { z } from 'zod';
import { envVarSchema } from '../core/env-var.js';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';
import { buildVolumeSchema } from './build-volume.js';

/** How many layers a Docker build commits. */
export const ImageOptimizationPolicy = {
  /** One layer per instruction (the default). */
  None: 'None',
  /** Commit a single new layer on top of the base image. */
  SkipLayers: 'SkipLayers',
  /** Same as SkipLayers; upstream once warned when unsupported. */
  SkipLayersAndWarn: 'SkipLayersAndWarn',
} as const;
export type ImageOptimizationPolicy =
  (typeof ImageOptimizationPolicy)[keyof typeof ImageOptimizationPolicy];

/** Build from a Dockerfile. */
export const dockerBuildStrategySchema = z.looseObject({
  /** Replaces the image of the last `FROM` (the final stage only). */
  from: opt(objectReferenceSchema),
  /** Secret for pulling base images. */
  pullSecret: opt(localObjectReferenceSchema),
  /** Build without any layer cache. */
  noCache: opt(z.boolean()),
  /** Variables added as `ENV` after every `FROM`; they persist in the image. */
  env: opt(z.array(envVarSchema)),
  /** Always pull base images even when present locally. */
  forcePull: opt(z.boolean()),
  /** Dockerfile path relative to `contextDir`; default `Dockerfile`. */
  dockerfilePath: opt(z.string()),
  /** `--build-arg` values; only `name` and `value` are used. */
  buildArgs: opt(z.array(envVarSchema)),
  /** Layering policy: `None`, `SkipLayers` or `SkipLayersAndWarn`. */
  imageOptimizationPolicy: opt(z.enum(ImageOptimizationPolicy)),
  /** Read-only mounts for RUN instructions. */
  volumes: opt(z.array(buildVolumeSchema)),
});
export type DockerBuildStrategy = z.infer<typeof dockerBuildStrategySchema>;
