import type { Instruction } from './dockerfile-ast.js';
import { DockerfileParseError } from './dockerfile-errors.js';

export type FromArgs = { image: string; alias: string | undefined; asKeyword: string };

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** Splits `FROM image [AS name]`; `AS` is case-insensitive and the stage name is lower-cased. */
export function parseFromArgs(from: Instruction): FromArgs {
  const words = from.args.split(/\s+/).filter((w) => w !== '');
  const [image, asKeyword, alias] = words;
  if (image !== undefined && words.length === 1) {
    return { image, alias: undefined, asKeyword: 'as' };
  }
  if (
    image === undefined ||
    words.length !== 3 ||
    asKeyword?.toLowerCase() !== 'as' ||
    alias === undefined
  ) {
    throw new DockerfileParseError('FROM requires either one or three arguments', from.startLine);
  }
  const name = alias.toLowerCase();
  if (!STAGE_NAME.test(name)) {
    throw new DockerfileParseError(`invalid name for build stage: "${alias}"`, from.startLine);
  }
  return { image, alias: name, asKeyword };
}

export function formatFromArgs(from: FromArgs): string {
  return from.alias === undefined ? from.image : `${from.image} ${from.asKeyword} ${from.alias}`;
}
