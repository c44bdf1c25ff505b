import type { ObjectReference } from '../core/object-reference.js';
import type { BuildStrategy } from './build-strategy.js';

/** The image a strategy builds from (builder or base image), if it names one. */
export const inputImageOf = (strategy: BuildStrategy): ObjectReference | undefined =>
  strategy.sourceStrategy?.from ??
  strategy.dockerStrategy?.from ??
  strategy.customStrategy?.from ??
  undefined;
