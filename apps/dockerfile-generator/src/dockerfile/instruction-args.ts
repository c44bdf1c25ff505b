import type { InstructionFlag } from './dockerfile-ast.js';

/** Instructions whose arguments may be a JSON array (exec form). */
const JSON_KEYWORDS: ReadonlySet<string> = new Set([
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'COPY',
  'ADD',
  'VOLUME',
]);

export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Reads one whitespace-delimited token, keeping quoted sections (with their quotes) intact. */
function readToken(text: string, start: number): number {
  let quote: string | undefined;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote !== undefined) {
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (/\s/.test(ch)) {
      break;
    }
  }
  return i;
}

/** Splits leading `--name[=value]` flags from the rest of the arguments. */
export function extractFlags(text: string): { flags: InstructionFlag[]; rest: string } {
  const flags: InstructionFlag[] = [];
  let rest = text.trimStart();
  while (/^--[^\s=]/.test(rest)) {
    const end = readToken(rest, 0);
    const token = rest.slice(2, end);
    const eq = token.indexOf('=');
    flags.push(
      eq < 0
        ? { name: token, value: undefined }
        : { name: token.slice(0, eq), value: token.slice(eq + 1) },
    );
    rest = rest.slice(end).trimStart();
  }
  return { flags, rest: rest.trimEnd() };
}

/** The exec form when the arguments are a JSON array of strings, as BuildKit decides it. */
export function parseExecForm(keyword: string, args: string): string[] | undefined {
  if (!JSON_KEYWORDS.has(keyword) || !args.startsWith('[')) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(args);
    if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
      return value;
    }
  } catch {
    // Not JSON: BuildKit silently falls back to the shell form.
  }
  return undefined;
}

export function formatFlag(flag: InstructionFlag): string {
  return flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${flag.value}`;
}
