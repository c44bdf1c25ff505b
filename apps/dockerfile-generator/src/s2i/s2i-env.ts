import { DockerfileGenerationError } from '../dockerfile/dockerfile-errors.js';
import { buildEnvVars } from '../dockerfile/build-info.js';
import { escapeEnvValue } from './s2i-escape.js';
import { ENV_NAME } from './s2i-environment-file.js';
import type { S2iDockerfileInput } from './s2i-dockerfile-input.js';

/**
 * The ENV instruction: `.s2i/environment` first, then OPENSHIFT_BUILD_*, then the strategy
 * env (values trimmed), so the strategy wins on conflicts and the source cannot spoof the
 * build identity. An empty line when there are no variables, as upstream.
 */
export function s2iEnvInstruction(input: S2iDockerfileInput): string {
  const vars = [
    ...input.sourceEnvironment,
    ...buildEnvVars(input.buildInfo),
    ...input.env.map((e) => ({ name: e.name, value: e.value.trim() })),
  ];
  if (vars.length === 0) {
    return '';
  }
  const pairs = vars.map(({ name, value }) => {
    if (!ENV_NAME.test(name)) {
      throw new DockerfileGenerationError(
        `invalid environment variable name: ${JSON.stringify(name)}`,
      );
    }
    return `${name}="${escapeEnvValue(value)}"`;
  });
  return `ENV ${pairs.join(' \\\n    ')}`;
}
