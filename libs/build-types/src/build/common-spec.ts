import { z } from 'zod';
import { resourceRequirementsSchema } from '../core/resource-requirements.js';
import { opt, stringMap } from '../shared/schema-helpers.js';
import { buildOutputSchema } from './build-output.js';
import { buildSourceSchema } from './build-source.js';
import { buildStrategySchema } from './build-strategy.js';
import { buildPostCommitSpecSchema } from './post-commit.js';
import { sourceRevisionSchema } from './source-revision.js';

/** Fields shared by `BuildConfig.spec` and `Build.spec`: what to build and how. */
export const commonSpecShape = {
  /** Service account of the build pod; default `builder`. */
  serviceAccount: opt(z.string()),
  /** Build input. */
  source: opt(buildSourceSchema),
  /** The source revision to build. */
  revision: opt(sourceRevisionSchema),
  /** How to build (required). */
  strategy: buildStrategySchema,
  /** Where to push the result. */
  output: opt(buildOutputSchema),
  /** Compute resources of every build container. */
  resources: opt(resourceRequirementsSchema),
  /** Test command run in the new image before the push. */
  postCommit: opt(buildPostCommitSpecSchema),
  /** Seconds, counted from pod start, before the build is failed; > 0. Default one week. */
  completionDeadlineSeconds: opt(z.number().int()),
  /** Node labels for scheduling; `{}` disables the cluster default selector. */
  nodeSelector: opt(stringMap),
  /** Bind-mount the cluster trust bundle at `/etc/pki/ca-trust` for RUN instructions. */
  mountTrustedCA: opt(z.boolean()),
};

export const commonSpecSchema = z.looseObject(commonSpecShape);
export type CommonSpec = z.infer<typeof commonSpecSchema>;
