import { randomUUID } from 'node:crypto';
import type { Dockerfile, Instruction } from './dockerfile-ast.js';
import { DockerfileGenerationError } from './dockerfile-errors.js';
import { type BuildInfo, buildEnvVars, dockerBuildLabels } from './build-info.js';
import { type FromArgs, formatFromArgs, parseFromArgs } from './from-args.js';
import { assertImageReference, daemonMinimalImage } from './image-reference.js';
import {
  type KeyValue,
  generatedInstruction,
  keyValueInstruction,
} from './key-value-instruction.js';
import { parseDockerfile } from './parse-dockerfile.js';
import { type PostCommitHook, postCommitCommand, postCommitRun } from './post-commit.js';
import { serializeInstruction } from './serialize-dockerfile.js';
import {
  type ImageAlias,
  type WorkingStage,
  substituteImageSources,
} from './substitute-image-sources.js';

/** What the Docker strategy adds to a user's Dockerfile (a narrow view of the Build). */
export type DockerRewriteOptions = {
  /** dockerStrategy.from, already resolved to a pull spec; replaces the last FROM's image. */
  from?: string;
  /** dockerStrategy.env (resolved values), written after every FROM. */
  env: KeyValue[];
  /** Build identity and git metadata for the OPENSHIFT_BUILD_* ENV and io.openshift.build.* LABELs. */
  buildInfo: BuildInfo;
  /** output.imageLabels, appended after (so overriding) the generated labels. */
  imageLabels: KeyValue[];
  postCommit?: PostCommitHook;
  /** source.images[] entries with `as` names (DockerImage pull specs). */
  imageAliases: ImageAlias[];
  /** 32 hex chars for the post-commit stage alias; random by default. Injectable for tests. */
  randomHex?: () => string;
};

const instructionsOf = (nodes: Dockerfile['preamble']): Instruction[] =>
  nodes.filter((n): n is Instruction => n.kind === 'instruction');

function fromInstruction(stage: WorkingStage): Instruction {
  return { ...generatedInstruction('FROM', formatFromArgs(stage.from)), flags: stage.flags };
}

function postCommitAlias(randomHex: () => string): string {
  const hex = randomHex();
  if (!/^[0-9a-f]+$/.test(hex)) {
    throw new DockerfileGenerationError('post-commit alias suffix must be lower-case hex');
  }
  return `appimage${hex}`;
}

/**
 * The Docker-strategy rewrite in upstream's order: header ARGs on top, last FROM replaced,
 * build ENV and LABELs appended, post-commit stages, strategy env after every FROM, then
 * `source.images[].as` substitution. Comments and blank lines are dropped and continuation
 * lines joined, as upstream's parser round trip does; parser directives are kept.
 */
export function rewriteDockerfile(text: string, options: DockerRewriteOptions): string {
  const ast = parseDockerfile(text, { allowEmpty: true });
  const preamble = instructionsOf(ast.preamble);
  const header = [
    ...preamble.filter((i) => i.keyword === 'ARG'),
    ...preamble.filter((i) => i.keyword !== 'ARG'),
  ];
  const stages: WorkingStage[] = ast.stages.map((s) => ({
    flags: s.from.flags,
    from: parseFromArgs(s.from),
    body: instructionsOf(s.body),
  }));
  const last = stages[stages.length - 1];

  if (options.from !== undefined && last !== undefined) {
    last.from = {
      ...last.from,
      image: daemonMinimalImage(assertImageReference(options.from, 'from')),
    };
  }
  const trailer = [
    keyValueInstruction('ENV', buildEnvVars(options.buildInfo)),
    keyValueInstruction('LABEL', dockerBuildLabels(options.buildInfo, options.imageLabels)),
  ];
  (last?.body ?? header).push(...trailer);

  const hook = postCommitCommand(options.postCommit);
  if (hook !== undefined && last !== undefined) {
    const alias =
      last.from.alias ??
      postCommitAlias(options.randomHex ?? (() => randomUUID().replaceAll('-', '')));
    last.from = { ...last.from, alias };
    const aliasFrom: FromArgs = { image: alias, alias: undefined, asKeyword: 'as' };
    stages.push({ flags: [], from: aliasFrom, body: [postCommitRun(hook, ast.escapeChar)] });
    stages.push({ flags: [], from: aliasFrom, body: [] });
  }
  if (options.env.length > 0) {
    for (const stage of stages) {
      stage.body.unshift(keyValueInstruction('ENV', options.env));
    }
  }
  substituteImageSources(stages, options.imageAliases);

  const instructions = [...header, ...stages.flatMap((s) => [fromInstruction(s), ...s.body])];
  const directives = ast.directives.map((d) => `# ${d.name}=${d.value}\n`).join('');
  return directives + instructions.map((i) => serializeInstruction(i, ast.escapeChar)).join('');
}
