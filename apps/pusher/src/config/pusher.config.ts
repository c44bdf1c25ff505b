import { commaList, workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of the pusher. */
export const pusherEnv = workerEnv.extend({
  KILN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
  KILN_WORK_DIR: z.string().min(1).default('/tmp/kiln-pusher'),
  /** Registries reached over plain HTTP: the farm's own, plus any listed here (comma-separated). */
  KILN_INSECURE_REGISTRIES: commaList,
  /** How long one registry call is retried on transient failures (refused, reset, 5xx, 429). */
  KILN_PUSH_RETRY_BUDGET_MS: z.coerce.number().int().positive().default(30_000),
});
export type PusherConfig = z.infer<typeof pusherEnv>;
export const PUSHER_CONFIG = Symbol('PUSHER_CONFIG');
