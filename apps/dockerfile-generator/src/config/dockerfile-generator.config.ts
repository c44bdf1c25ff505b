import { commaList, workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of the dockerfile-generator. */
export const dockerfileGeneratorEnv = workerEnv
  .extend({
    KILN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
    KILN_WORK_DIR: z.string().min(1).default('/tmp/kiln-dockerfile-generator'),
    /** Like OpenShift's ALLOWED_UIDS unset: S2I assemble may run as root. Off by default (`1-`). */
    KILN_ALLOW_ROOT_BUILDS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** 'run': USER root + one `RUN chown -R` (OCP 4 as shipped); 'copy-chown': `COPY --chown`. */
    KILN_S2I_CHOWN_MODE: z.enum(['run', 'copy-chown']).default('run'),
    /** Registries spoken to over plain HTTP besides the farm's own (comma-separated host:port). */
    KILN_INSECURE_REGISTRIES: commaList,
    /** Largest S2I script downloaded from a scripts URL. */
    KILN_SCRIPT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  })
  .transform((c) => ({
    ...c,
    insecureRegistries: [c.REGISTRY_HOST, ...c.KILN_INSECURE_REGISTRIES],
  }));
export type DockerfileGeneratorConfig = z.infer<typeof dockerfileGeneratorEnv>;
export const DOCKERFILE_GENERATOR_CONFIG = Symbol('DOCKERFILE_GENERATOR_CONFIG');
