/** Lines of the failing container's output a failed build keeps. */
const SNIPPET_LINES = 5;
/** Lines longer than this are shortened, keeping both ends. */
const MAX_LINE = 120;
const HEAD = 58;
const TAIL = 59;

/**
 * A failed build's `status.logSnippet`, as OpenShift's controller cuts it from the termination
 * message: the last 5 lines (trailing newlines do not count as an empty last line), each line
 * over 120 characters shortened to its first 58 + "..." + its last 59, so that `oc status`
 * shows where an error line starts and how it ends. Characters are code points, so a line is
 * never cut inside one. undefined when there is nothing to show.
 */
export function logSnippet(output: string | null | undefined): string | undefined {
  const lines = (output ?? '').replace(/\n+$/, '').split('\n').slice(-SNIPPET_LINES);
  const snippet = lines.map(shortened).join('\n');
  return snippet.trim() === '' ? undefined : snippet;
}

function shortened(line: string): string {
  const chars = Array.from(line);
  if (chars.length <= MAX_LINE) {
    return line;
  }
  return `${chars.slice(0, HEAD).join('')}...${chars.slice(-TAIL).join('')}`;
}
