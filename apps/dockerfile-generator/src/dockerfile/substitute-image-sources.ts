import { assertImageReference } from './image-reference.js';
import type { Instruction } from './dockerfile-ast.js';
import type { FromArgs } from './from-args.js';

/** A stage being rewritten: FROM flags, parsed FROM arguments and instructions. */
export type WorkingStage = { flags: Instruction['flags']; from: FromArgs; body: Instruction[] };

/** One `source.images[]` entry: its pull spec and the names it stands in for. */
export type ImageAlias = { as: string[]; from: string };

/**
 * Upstream's exact-string substitution: a FROM image equal to an alias is replaced (the
 * stage keeps its AS name); a `COPY --from` value is replaced only when it is not the name
 * or index of a stage started so far. Mutates the working stages.
 */
export function substituteImageSources(
  stages: WorkingStage[],
  aliases: readonly ImageAlias[],
): void {
  const replacements = new Map<string, string>();
  for (const alias of aliases) {
    if (alias.from === '') {
      continue;
    }
    for (const name of alias.as) {
      replacements.set(name, assertImageReference(alias.from, `image source for "${name}"`));
    }
  }
  if (replacements.size === 0) {
    return;
  }
  const names = new Set<string>();
  stages.forEach((stage, index) => {
    const replacement = replacements.get(stage.from.image);
    if (replacement !== undefined) {
      stage.from = { ...stage.from, image: replacement };
    }
    names.add(String(index));
    if (stage.from.alias !== undefined) {
      names.add(stage.from.alias);
    }
    stage.body = stage.body.map((instruction) => {
      const ref =
        instruction.keyword === 'COPY'
          ? instruction.flags.find((f) => f.name === 'from')?.value
          : undefined;
      const image =
        ref === undefined || ref === '' || names.has(ref.toLowerCase())
          ? undefined
          : replacements.get(ref);
      if (image === undefined) {
        return instruction;
      }
      const flags = instruction.flags.map((f) => (f.name === 'from' ? { ...f, value: image } : f));
      return { ...instruction, flags };
    });
  });
}
