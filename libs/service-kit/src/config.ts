import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; lists every bad key at once. */
export class ConfigError extends Error {}

/**
 * Validates env against a service's schema before Nest starts. One error names every bad key,
 * so an operator fixes the deployment in one go rather than one restart per key.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    return result.data;
  }
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
  );
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** Env fields every service reads. Ports are numbers in 1..65535; 0 asks for a free one. */
export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);
export const baseServiceEnv = z.object({
  NATS_URL: z
    .string()
    .regex(/^nats:\/\//, 'must be a nats:// URL')
    .default('nats://127.0.0.1:4222'),
  KILN_HOST: z.string().default('127.0.0.1'),
  KILN_LOG_LEVEL: z.enum(['debug', 'log', 'warn', 'error']).default('log'),
});
export type BaseServiceConfig = z.infer<typeof baseServiceEnv>;

/** A comma-separated list in one env key (e.g. KILN_INSECURE_REGISTRIES), as an array. */
export const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
