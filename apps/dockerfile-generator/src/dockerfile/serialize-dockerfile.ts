import type { Dockerfile, DockerfileNode, Instruction } from './dockerfile-ast.js';
import { DockerfileGenerationError } from './dockerfile-errors.js';
import { formatFlag } from './instruction-args.js';

const LOOKS_LIKE_DIRECTIVE = /^#\s*(syntax|escape|check)\s*=/i;

/**
 * One instruction as a single line plus its heredoc bodies. Refuses anything that would
 * read back differently: a line break in the arguments, or a trailing escape char that
 * would swallow the next line. This is the last guard against instruction injection.
 */
export function serializeInstruction(instruction: Instruction, escapeChar: string): string {
  const parts = [instruction.keyword, ...instruction.flags.map(formatFlag), instruction.args];
  const line = parts.filter((p) => p !== '').join(' ');
  if (/[\n\r]/.test(line)) {
    throw new DockerfileGenerationError(`${instruction.keyword} would span several lines`);
  }
  if (line.trimEnd().endsWith(escapeChar)) {
    throw new DockerfileGenerationError(
      `${instruction.keyword} would end with the escape character`,
    );
  }
  const docs = instruction.heredocs.map((doc) => `${doc.body}${doc.terminator}\n`).join('');
  return `${line}\n${docs}`;
}

function serializeNode(node: DockerfileNode, escapeChar: string): string {
  return node.kind === 'comment' ? `${node.text}\n` : serializeInstruction(node, escapeChar);
}

/** Writes an AST back as Dockerfile text; `parseDockerfile(serializeDockerfile(ast))` is equivalent. */
export function serializeDockerfile(ast: Dockerfile): string {
  const nodes: DockerfileNode[] = [
    ...ast.preamble,
    ...ast.stages.flatMap((s) => [s.from, ...s.body]),
  ];
  let out = ast.directives.map((d) => `# ${d.name}=${d.value}\n`).join('');
  const first = nodes[0];
  // A blank line ends the directive block, so a directive-looking comment stays a comment.
  if (first?.kind === 'comment' && LOOKS_LIKE_DIRECTIVE.test(first.text)) {
    out += '\n';
  }
  return out + nodes.map((n) => serializeNode(n, ast.escapeChar)).join('');
}
