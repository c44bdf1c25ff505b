import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { bootstrapService } from './bootstrap.js';
import { baseServiceEnv, loadConfig, port } from './config.js';

/** Env every worker reads, beside its own keys. */
export const workerEnv = baseServiceEnv.extend({ HEALTH_PORT: port(0) });
export type WorkerConfig = z.infer<typeof workerEnv>;

/**
 * Starts a NATS worker: validated config first, then the Nest app whose HTTP side serves only
 * health and metrics. `makeModule` receives the validated config.
 */
export async function startWorker<S extends z.ZodType<WorkerConfig>>(
  name: string,
  schema: S,
  makeModule: (config: z.infer<S>) => unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication> {
  const config = loadConfig(schema, env);
  return bootstrapService(makeModule(config), {
    name,
    host: config.KILN_HOST,
    port: config.HEALTH_PORT,
    logLevel: config.KILN_LOG_LEVEL,
  });
}
