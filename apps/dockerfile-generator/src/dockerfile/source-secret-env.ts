import type { ResolvedEnvVar } from '@kiln/service-kit';
import { generatedInstruction } from './key-value-instruction.js';
import { parseDockerfile } from './parse-dockerfile.js';
import { serializeDockerfile } from './serialize-dockerfile.js';

/** A strategy's env split into what may become ENV and the names only RUN may see. */
export function splitSecretEnv(env: readonly ResolvedEnvVar[]): {
  plain: ResolvedEnvVar[];
  secretNames: string[];
} {
  return {
    plain: env.filter((e) => e.secret !== true),
    secretNames: [...new Set(env.filter((e) => e.secret === true).map((e) => e.name))],
  };
}

/**
 * Makes every shell-form RUN read the build's secret env from `file` before its command, so a
 * value from a Secret is there while building but in no ENV, layer or history entry (history
 * shows only the `. file &&` prefix). Exec-form RUNs have no shell to source it with, and a
 * RUN whose script is a here-document runs that document as is: both run without these
 * variables. ONBUILD triggers belong to a later build and are left alone.
 */
export function sourceSecretEnv(dockerfile: string, file: string): string {
  const ast = parseDockerfile(dockerfile);
  const prefix = (node: (typeof ast.preamble)[number]): typeof node => {
    if (
      node.kind !== 'instruction' ||
      node.keyword !== 'RUN' ||
      node.json !== undefined ||
      node.heredocs.length > 0
    ) {
      return node;
    }
    return {
      ...generatedInstruction('RUN', `. ${file} && ${node.args}`),
      flags: node.flags,
    };
  };
  return serializeDockerfile({
    ...ast,
    preamble: ast.preamble.map(prefix),
    stages: ast.stages.map((stage) => ({ ...stage, body: stage.body.map(prefix) })),
  });
}
