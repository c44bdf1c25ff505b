import { workerEnv } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of the dockerfile-generator. */
export const dockerfileGeneratorEnv = workerEnv.extend({
  KILN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
  KILN_WORK_DIR: z.string().min(1).default('/tmp/kiln-dockerfile-generator'),
});
export type DockerfileGeneratorConfig = z.infer<typeof dockerfileGeneratorEnv>;
export const DOCKERFILE_GENERATOR_CONFIG = Symbol('DOCKERFILE_GENERATOR_CONFIG');
