import type { Directive, EscapeChar } from './dockerfile-ast.js';
import { DockerfileParseError } from './dockerfile-errors.js';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
// Unknown names end the directive block and are plain comments, as in BuildKit.
const KNOWN = new Set(['syntax', 'escape', 'check']);

export type DirectiveBlock = { directives: Directive[]; escapeChar: EscapeChar; lineCount: number };

/**
 * Reads the directives at the very top of the file. The first line that is not a
 * well-formed known directive (blank line, comment, instruction) ends the block.
 */
export function parseDirectives(lines: readonly string[]): DirectiveBlock {
  const directives: Directive[] = [];
  let escapeChar: EscapeChar = '\\';
  let index = 0;
  for (; index < lines.length; index++) {
    const match = DIRECTIVE.exec(lines[index] ?? '');
    const name = match?.[1]?.toLowerCase();
    const value = match?.[2];
    if (name === undefined || value === undefined || !KNOWN.has(name)) {
      break;
    }
    const line = index + 1;
    if (directives.some((d) => d.name === name)) {
      throw new DockerfileParseError(`only one ${name} parser directive can be used`, line);
    }
    if (name === 'escape') {
      if (value !== '\\' && value !== '`') {
        throw new DockerfileParseError(
          `invalid escape token '${value}' does not match \` or \\`,
          line,
        );
      }
      escapeChar = value;
    }
    directives.push({ name, value, line });
  }
  return { directives, escapeChar, lineCount: index };
}
