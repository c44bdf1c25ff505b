import { commaList, workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** Env of the source-fetcher. */
export const sourceFetcherEnv = workerEnv.extend({
  KILN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
  KILN_WORK_DIR: z.string().min(1).default('/tmp/kiln-source-fetcher'),
  /** file:// and local paths are refused unless a developer allows them on their own farm. */
  KILN_ALLOW_LOCAL_GIT: flag,
  KILN_CLONE_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  /** Bytes a build's context may hold: checkout (with .git), upload or image content. */
  KILN_MAX_SOURCE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  /** Entries (files, directories, links) a build's context may hold. */
  KILN_MAX_SOURCE_FILES: z.coerce.number().int().positive().default(200_000),
  /** Path components an uploaded archive's entries may have. */
  KILN_MAX_SOURCE_DEPTH: z.coerce.number().int().positive().default(64),
  /** Bundles (kiln-sources/*, kiln-contexts/*) and staging images (kiln-staging/*) older than this are deleted. */
  KILN_BUNDLE_RETENTION_HOURS: z.coerce.number().positive().default(24),
  /** How often the retention sweep runs; 0 turns it off (another instance sweeps). */
  KILN_RETENTION_SWEEP_SECONDS: z.coerce.number().int().nonnegative().default(3600),
  /** Registries reached over plain HTTP besides the farm's own (comma-separated host:port). */
  KILN_INSECURE_REGISTRIES: commaList,
  /**
   * Buildah storage for `source.images` content. Empty: a fresh store per build under the work
   * dir, removed afterwards. Set: a shared store that keeps pulled layers between builds.
   */
  KILN_IMAGE_STORAGE_ROOT: z.string().default(''),
  KILN_IMAGE_STORAGE_DRIVER: z.enum(['vfs', 'overlay']).default('vfs'),
});
export type SourceFetcherConfig = z.infer<typeof sourceFetcherEnv>;
