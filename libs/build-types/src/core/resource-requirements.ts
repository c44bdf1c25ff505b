import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** A Kubernetes quantity (`200m`, `1Gi`); YAML may give plain numbers. */
export const quantitySchema = z.union([z.string(), z.number()]);
export type Quantity = z.infer<typeof quantitySchema>;

/** Compute resources copied to every container of the build pod. */
export const resourceRequirementsSchema = z.looseObject({
  /** Maximum resources, by resource name (`cpu`, `memory`, ...). */
  limits: opt(z.record(z.string(), quantitySchema)),
  /** Minimum resources the scheduler reserves, by resource name. */
  requests: opt(z.record(z.string(), quantitySchema)),
});
export type ResourceRequirements = z.infer<typeof resourceRequirementsSchema>;
