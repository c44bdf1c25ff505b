import { workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of the builder: the worker basics plus its own keys. */
export const builderEnv = workerEnv.extend({
  KILN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});
export type BuilderConfig = z.infer<typeof builderEnv>;
