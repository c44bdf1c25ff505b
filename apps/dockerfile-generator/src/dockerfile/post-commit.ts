import type { EscapeChar, Instruction } from './dockerfile-ast.js';
import { generatedInstruction } from './key-value-instruction.js';
import { parseDockerfile } from './parse-dockerfile.js';

export type PostCommitHook = { command?: string[]; args?: string[]; script?: string };

/** POSIX single-quoting; identical to upstream's `'…'` unless the script itself holds a `'`. */
const singleQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The hook's shell command as upstream builds it: a script runs under `/bin/sh -ic`, with
 * args appended inside the quotes; otherwise command and args are joined by spaces.
 * Undefined when nothing is set.
 */
export function postCommitCommand(hook: PostCommitHook | undefined): string | undefined {
  const command = hook?.command ?? [];
  const args = hook?.args ?? [];
  const script = hook?.script ?? '';
  if (script === '' && command.length === 0 && args.length === 0) {
    return undefined;
  }
  const text =
    script !== ''
      ? `/bin/sh -ic ${singleQuote([script, ...args].join(' '))}`
      : [...command, ...args].join(' ');
  return text.trim() === '' ? undefined : text.trim();
}

/** True when `RUN <text>` reads back as exactly that one shell-form RUN. */
function isSafeShellForm(text: string, escapeChar: EscapeChar): boolean {
  try {
    const ast = parseDockerfile(`# escape=${escapeChar}\nRUN ${text}\n`);
    const run = ast.preamble[0];
    return (
      ast.preamble.length === 1 &&
      run?.kind === 'instruction' &&
      run.args === text &&
      run.flags.length === 0 &&
      run.json === undefined &&
      run.heredocs.length === 0
    );
  } catch {
    return false;
  }
}

/**
 * The hook's RUN: shell form as upstream when it survives a round trip; otherwise the
 * equivalent exec form `["/bin/sh","-c",text]`, so a newline, a trailing escape or a
 * heredoc marker in the hook cannot add instructions after it.
 */
export function postCommitRun(text: string, escapeChar: EscapeChar): Instruction {
  if (isSafeShellForm(text, escapeChar)) {
    return generatedInstruction('RUN', text);
  }
  const json = ['/bin/sh', '-c', text];
  return generatedInstruction('RUN', JSON.stringify(json), json);
}
