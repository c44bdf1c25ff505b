/** A parser directive from the top of the file (`# escape=\``, `# syntax=...`, `# check=...`). */
export type Directive = { name: string; value: string; line: number };

/** `--name=value` (or a bare `--name`) written before an instruction's arguments. */
export type InstructionFlag = { name: string; value: string | undefined };

/** A here-document body attached to RUN, COPY or ADD (`<<EOF`, `<<-EOF`, `<<"EOF"`). */
export type Heredoc = {
  name: string;
  /** `<<-`: leading tabs of the body and terminator are ignored. */
  chomp: boolean;
  /** False when the delimiter was quoted, so the body is not variable-expanded. */
  expand: boolean;
  /** The body exactly as written, each line followed by a newline, terminator excluded. */
  body: string;
  /** The terminator line as written (with `<<-` it may carry leading tabs). */
  terminator: string;
};

export type Instruction = {
  kind: 'instruction';
  /** Upper-cased keyword (`FROM`, `RUN`, ...). */
  keyword: string;
  flags: InstructionFlag[];
  /** Arguments after keyword and flags, continuation lines joined, trimmed. */
  args: string;
  /** The exec (JSON array) form when the arguments are one; undefined for shell form. */
  json: string[] | undefined;
  heredocs: Heredoc[];
  /** 1-based line numbers; 0 for instructions generated rather than parsed. */
  startLine: number;
  endLine: number;
  /** Source text including continuation lines and heredoc bodies; empty when generated. */
  original: string;
};

export type Comment = { kind: 'comment'; text: string; line: number };

export type DockerfileNode = Instruction | Comment;

/** One build stage: its FROM and everything up to the next FROM. */
export type Stage = {
  index: number;
  /** Lower-cased `AS` name (stage names are case-insensitive), if any. */
  name: string | undefined;
  from: Instruction;
  body: DockerfileNode[];
};

export type EscapeChar = '\\' | '`';

export type Dockerfile = {
  directives: Directive[];
  escapeChar: EscapeChar;
  /** Everything before the first FROM (header ARGs, comments, stray instructions). */
  preamble: DockerfileNode[];
  stages: Stage[];
};
