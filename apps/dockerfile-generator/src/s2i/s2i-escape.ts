import { DockerfileGenerationError } from '../dockerfile/dockerfile-errors.js';

/**
 * An S2I ENV value: `\`, `"` and `$` backslash-escaped so the value is taken literally
 * (no variable expansion), and line breaks written as a literal `\n` / `\r` as upstream's
 * sanitize does, so a value can never end the line.
 */
export function escapeEnvValue(value: string): string {
  return value
    .replace(/[\\"$]/g, '\\$&')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
}

// Path characters that can be written unquoted in COPY/RUN without being re-read as
// another word, a flag value, a line continuation or a shell operator.
const SAFE_PATH = /^[A-Za-z0-9_./@%+=:,~-]+$/;

/** Throws unless `path` is safe to write into the generated Dockerfile as one word. */
export function assertSafePath(path: string, what: string): string {
  if (!SAFE_PATH.test(path)) {
    throw new DockerfileGenerationError(
      `${what} contains characters that cannot be written safely: ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/** Throws unless `user` is a plain user name or uid. */
export function assertSafeUser(user: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(user)) {
    throw new DockerfileGenerationError(
      `assemble user is not a valid user name: ${JSON.stringify(user)}`,
    );
  }
  return user;
}
