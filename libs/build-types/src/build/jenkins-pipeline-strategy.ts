import { z } from 'zod';
import { envVarSchema } from '../core/env-var.js';
import { opt } from '../shared/schema-helpers.js';

/**
 * Jenkins pipeline builds: deprecated upstream and **unsupported by Kiln**. Accepted and stored so
 * existing manifests load; such builds end with reason `UnsupportedBuildStrategy`.
 */
export const jenkinsPipelineBuildStrategySchema = z.looseObject({
  /** Path of the Jenkinsfile in the source; excludes `jenkinsfile`. */
  jenkinsfilePath: opt(z.string()),
  /** Inline Jenkinsfile (at most 100000 bytes); excludes `jenkinsfilePath`. */
  jenkinsfile: opt(z.string()),
  /** Variables given to the pipeline. */
  env: opt(z.array(envVarSchema)),
});
export type JenkinsPipelineBuildStrategy = z.infer<typeof jenkinsPipelineBuildStrategySchema>;
