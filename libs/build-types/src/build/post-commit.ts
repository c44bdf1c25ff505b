import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/**
 * A command run in the just-built image before the push; a non-zero exit fails the build.
 * `script` and `command` exclude each other; all empty means no hook.
 */
export const buildPostCommitSpecSchema = z.looseObject({
  /** Executable and its arguments, run without a shell. */
  command: opt(z.array(z.string())),
  /** Arguments for `command` or `script`, or for the image entrypoint when both are empty. */
  args: opt(z.array(z.string())),
  /** Shell script run as `/bin/sh -ic '<script>'`. */
  script: opt(z.string()),
});
export type BuildPostCommitSpec = z.infer<typeof buildPostCommitSpecSchema>;
