import type { Dockerfile } from './dockerfile-ast.js';
import { expandArgs } from './expand-args.js';
import { parseFromArgs } from './from-args.js';

/** Header ARG values: declared defaults, overridden by build args (last duplicate wins). */
export function headerArgValues(
  ast: Dockerfile,
  buildArgs: readonly { name: string; value: string }[],
): Map<string, string | undefined> {
  const overrides = new Map(buildArgs.map((a) => [a.name, a.value]));
  const values = new Map<string, string | undefined>();
  for (const node of ast.preamble) {
    if (node.kind !== 'instruction' || node.keyword !== 'ARG') {
      continue;
    }
    for (const decl of node.args.split(/\s+/).filter((d) => d !== '')) {
      const eq = decl.indexOf('=');
      const name = eq < 0 ? decl : decl.slice(0, eq);
      const declared = eq < 0 ? undefined : decl.slice(eq + 1).replace(/^"(.*)"$/s, '$1');
      values.set(name, overrides.has(name) ? overrides.get(name) : declared);
    }
  }
  return values;
}

/**
 * External images a build pulls (FROM and `COPY --from`), sorted, as upstream's pre-pull:
 * variables expanded from header ARGs and build args, `scratch` skipped, stage names and
 * indexes of stages already started excluded (a later index is taken as an image name).
 */
export function listBaseImages(
  ast: Dockerfile,
  buildArgs: readonly { name: string; value: string }[],
): string[] {
  const vars = headerArgValues(ast, buildArgs);
  const images = new Set<string>();
  const names = new Set<string>();
  const consider = (image: string): void => {
    if (image !== '' && image !== 'scratch' && !names.has(image.toLowerCase())) {
      images.add(image);
    }
  };
  for (const stage of ast.stages) {
    const from = parseFromArgs(stage.from);
    consider(expandArgs(from.image, vars, ast.escapeChar));
    if (stage.name !== undefined) {
      names.add(stage.name);
    }
    for (const node of stage.body) {
      const ref =
        node.kind === 'instruction' && node.keyword === 'COPY'
          ? node.flags.find((f) => f.name === 'from')
          : undefined;
      if (ref?.value !== undefined) {
        consider(expandArgs(ref.value, vars, ast.escapeChar));
      }
    }
    // The index counts as a name only for later stages: `--from=<own index>` is an image.
    names.add(String(stage.index));
  }
  return [...images].sort();
}
