import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';
import { customBuildStrategySchema } from './custom-strategy.js';
import { dockerBuildStrategySchema } from './docker-strategy.js';
import { jenkinsPipelineBuildStrategySchema } from './jenkins-pipeline-strategy.js';
import { sourceBuildStrategySchema } from './source-strategy.js';

/** Strategy types; informational like `source.type`, recomputed from the block present. */
export const BuildStrategyType = {
  Docker: 'Docker',
  Source: 'Source',
  Custom: 'Custom',
  /** Accepted but not run by Kiln. */
  JenkinsPipeline: 'JenkinsPipeline',
} as const;
export type BuildStrategyType = (typeof BuildStrategyType)[keyof typeof BuildStrategyType];

/** The block holding each strategy type's options. */
export const strategyFieldByType = {
  Docker: 'dockerStrategy',
  Source: 'sourceStrategy',
  Custom: 'customStrategy',
  JenkinsPipeline: 'jenkinsPipelineStrategy',
} as const satisfies Record<BuildStrategyType, string>;

/** How the build runs. Exactly one strategy block is set. */
export const buildStrategySchema = z.looseObject({
  /** `Docker`, `Source`, `Custom` or `JenkinsPipeline`; must match the block present. */
  type: opt(z.string()),
  /** Dockerfile build options. */
  dockerStrategy: opt(dockerBuildStrategySchema),
  /** Source-to-image build options. */
  sourceStrategy: opt(sourceBuildStrategySchema),
  /** Custom builder options. */
  customStrategy: opt(customBuildStrategySchema),
  /** Jenkins pipeline options (unsupported by Kiln). */
  jenkinsPipelineStrategy: opt(jenkinsPipelineBuildStrategySchema),
});
export type BuildStrategy = z.infer<typeof buildStrategySchema>;
