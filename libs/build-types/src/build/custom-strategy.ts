import { z } from 'zod';
import { envVarSchema } from '../core/env-var.js';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';

/** A Secret mounted into a custom builder. */
export const secretSpecSchema = z.looseObject({
  /** The Secret. */
  secretSource: localObjectReferenceSchema,
  /** Absolute mount path in the builder container. */
  mountPath: z.string(),
});
export type SecretSpec = z.infer<typeof secretSpecSchema>;

/** Run a user-supplied builder image that performs the whole build. */
export const customBuildStrategySchema = z.looseObject({
  /** The builder image (required). */
  from: objectReferenceSchema,
  /** Secret for pulling the builder image. */
  pullSecret: opt(localObjectReferenceSchema),
  /** Variables given to the builder container. */
  env: opt(z.array(envVarSchema)),
  /** Mount the container engine socket into the builder. */
  exposeDockerSocket: opt(z.boolean()),
  /** Always pull the builder image. */
  forcePull: opt(z.boolean()),
  /** Secrets mounted into the builder. */
  secrets: opt(z.array(secretSpecSchema)),
  /** API version used to serialise the Build given to the builder in `$BUILD`. */
  buildAPIVersion: opt(z.string()),
});
export type CustomBuildStrategy = z.infer<typeof customBuildStrategySchema>;
