import { workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of the builder. */
export const builderEnv = workerEnv.extend({
  /** Builds at once on this instance; it takes no more work until one finishes. */
  KILN_BUILDER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
  KILN_WORK_DIR: z.string().min(1).default('/tmp/kiln-builder'),
  /** Buildah's image store for this builder (`--root`); runroot lives beside it. */
  KILN_BUILDAH_ROOT: z.string().min(1).default('/var/lib/kiln/buildah'),
  KILN_STORAGE_DRIVER: z.enum(['overlay', 'vfs']).default('overlay'),
});
export type BuilderConfig = z.infer<typeof builderEnv>;
export const BUILDER_CONFIG = Symbol('BUILDER_CONFIG');
