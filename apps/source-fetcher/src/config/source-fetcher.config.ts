import { workerEnv } from '@kiln/service-kit';
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
});
export type SourceFetcherConfig = z.infer<typeof sourceFetcherEnv>;
