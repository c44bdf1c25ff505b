import type {
  Dockerfile,
  DockerfileNode,
  EscapeChar,
  Heredoc,
  Instruction,
  Stage,
} from './dockerfile-ast.js';
import { DockerfileParseError } from './dockerfile-errors.js';
import { parseFromArgs } from './from-args.js';
import { HEREDOC_KEYWORDS, findHeredocMarkers } from './heredoc-markers.js';
import { KNOWN_KEYWORDS, extractFlags, parseExecForm } from './instruction-args.js';
import { parseDirectives } from './parse-directives.js';

export type ParseOptions = {
  /** Accept a file without instructions (upstream's rewrite tolerates one); BuildKit refuses it. */
  allowEmpty?: boolean;
};

const isComment = (line: string): boolean => line.trimStart().startsWith('#');
const isBlank = (line: string): boolean => line.trim() === '';

/** Removes a trailing escape char (plus trailing blanks); reports whether the line continues. */
function trimContinuation(line: string, escapeChar: EscapeChar): [string, boolean] {
  const match = /[ \t]*$/.exec(line);
  const body = line.slice(0, match?.index ?? line.length);
  return body.endsWith(escapeChar) ? [body.slice(0, -1), true] : [line, false];
}

type Cursor = { lines: readonly string[]; next: number };

/** Joins continuation lines; comments and blank lines inside a continuation are dropped (BuildKit). */
function readLogicalLine(cursor: Cursor, first: string, escapeChar: EscapeChar): string {
  let [text, continues] = trimContinuation(first.trimStart(), escapeChar);
  while (continues && cursor.next < cursor.lines.length) {
    const line = cursor.lines[cursor.next] ?? '';
    cursor.next++;
    if (isComment(line) || isBlank(line)) {
      continue;
    }
    const [part, more] = trimContinuation(line, escapeChar);
    text += part;
    continues = more;
  }
  return text;
}

function readHeredocs(
  cursor: Cursor,
  args: string,
  escapeChar: EscapeChar,
  line: number,
): Heredoc[] {
  return findHeredocMarkers(args, escapeChar).map((marker) => {
    let body = '';
    for (;;) {
      if (cursor.next >= cursor.lines.length) {
        throw new DockerfileParseError(`unterminated heredoc ${marker.name}`, line);
      }
      const text = cursor.lines[cursor.next] ?? '';
      cursor.next++;
      if ((marker.chomp ? text.replace(/^\t+/, '') : text) === marker.name) {
        return { ...marker, body, terminator: text };
      }
      body += `${text}\n`;
    }
  });
}

function parseInstruction(cursor: Cursor, escapeChar: EscapeChar): Instruction {
  const start = cursor.next;
  const first = cursor.lines[start] ?? '';
  cursor.next++;
  const text = readLogicalLine(cursor, first, escapeChar).trim();
  const line = start + 1;
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  const keyword = (match?.[1] ?? '').toUpperCase();
  if (!KNOWN_KEYWORDS.has(keyword)) {
    throw new DockerfileParseError(`unknown instruction: ${match?.[1] ?? text}`, line);
  }
  const { flags, rest } = extractFlags(match?.[2] ?? '');
  const json = parseExecForm(keyword, rest);
  const heredocs =
    HEREDOC_KEYWORDS.has(keyword) && json === undefined
      ? readHeredocs(cursor, rest, escapeChar, line)
      : [];
  return {
    kind: 'instruction',
    keyword,
    flags,
    args: rest,
    json,
    heredocs,
    startLine: line,
    endLine: cursor.next,
    original: cursor.lines.slice(start, cursor.next).join('\n'),
  };
}

/** Groups nodes into the preamble (before the first FROM) and indexed, named stages. */
export function groupStages(
  nodes: readonly DockerfileNode[],
): Pick<Dockerfile, 'preamble' | 'stages'> {
  const preamble: DockerfileNode[] = [];
  const stages: Stage[] = [];
  for (const node of nodes) {
    const current = stages[stages.length - 1];
    if (node.kind === 'instruction' && node.keyword === 'FROM') {
      stages.push({ index: stages.length, name: parseFromArgs(node).alias, from: node, body: [] });
    } else if (current === undefined) {
      preamble.push(node);
    } else {
      current.body.push(node);
    }
  }
  return { preamble, stages };
}

/** Parses Dockerfile text into directives, a preamble and stages; errors name the line. */
export function parseDockerfile(text: string, options: ParseOptions = {}): Dockerfile {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const { directives, escapeChar, lineCount } = parseDirectives(lines);
  const cursor: Cursor = { lines, next: lineCount };
  const nodes: DockerfileNode[] = [];
  while (cursor.next < lines.length) {
    const line = lines[cursor.next] ?? '';
    if (isBlank(line)) {
      cursor.next++;
    } else if (isComment(line)) {
      nodes.push({ kind: 'comment', text: line.trim(), line: cursor.next + 1 });
      cursor.next++;
    } else {
      nodes.push(parseInstruction(cursor, escapeChar));
    }
  }
  if (!options.allowEmpty && !nodes.some((n) => n.kind === 'instruction')) {
    throw new DockerfileParseError('file with no instructions', 0);
  }
  return { directives, escapeChar, ...groupStages(nodes) };
}
