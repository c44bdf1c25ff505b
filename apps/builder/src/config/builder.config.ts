import { commaList, workerEnv } from '@kiln/service-kit';
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
  /**
   * `off`: every build gets a throwaway store (removed when it ends) and `--no-cache`, so nothing
   * but the shared base images carries over between builds (for measuring what the cache saves).
   */
  KILN_LAYER_CACHE: z.enum(['on', 'off']).default('on'),
  /** Bound on all per-BuildConfig layer caches together; least recently used go first. */
  KILN_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(10 * 1024 ** 3),
  /** Seconds a draining builder (SIGTERM) lets running builds finish before handing them back. */
  KILN_DRAIN_SECONDS: z.coerce.number().int().nonnegative().default(60),
  /** Registries reached over plain HTTP besides the farm's own (comma-separated host:port). */
  KILN_INSECURE_REGISTRIES: commaList,
});
export type BuilderConfig = z.infer<typeof builderEnv>;
export const BUILDER_CONFIG = Symbol('BUILDER_CONFIG');
