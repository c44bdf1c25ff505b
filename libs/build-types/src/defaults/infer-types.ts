import type { BuildSource, BuildSourceType } from '../build/build-source.js';
import type { BuildStrategy, BuildStrategyType } from '../build/build-strategy.js';
import { isSet } from '../shared/is-set.js';

/** The source type OpenShift reports: decided by the fields present, git first. */
export const inferSourceType = (source: BuildSource): BuildSourceType => {
  if (source.git) {
    return 'Git';
  }
  if (source.binary) {
    return 'Binary';
  }
  if (isSet(source.dockerfile)) {
    return 'Dockerfile';
  }
  return source.images?.length ? 'Image' : 'None';
};

/** The strategy type OpenShift reports, from the block present; undefined when none is. */
export const inferStrategyType = (strategy: BuildStrategy): BuildStrategyType | undefined => {
  if (strategy.dockerStrategy) {
    return 'Docker';
  }
  if (strategy.sourceStrategy) {
    return 'Source';
  }
  if (strategy.customStrategy) {
    return 'Custom';
  }
  return strategy.jenkinsPipelineStrategy ? 'JenkinsPipeline' : undefined;
};
