import type { Instruction } from './dockerfile-ast.js';
import { goQuote } from './go-quote.js';

export type KeyValue = { name: string; value: string };

/** A generated instruction (no source position). */
export function generatedInstruction(keyword: string, args: string, json?: string[]): Instruction {
  return {
    kind: 'instruction',
    keyword,
    flags: [],
    args,
    json,
    heredocs: [],
    startLine: 0,
    endLine: 0,
    original: '',
  };
}

/** `ENV "k"="v" ...` / `LABEL "k"="v" ...` exactly as upstream writes them (list order, duplicates kept). */
export function keyValueInstruction(
  keyword: 'ENV' | 'LABEL',
  pairs: readonly KeyValue[],
): Instruction {
  return generatedInstruction(
    keyword,
    pairs.map((p) => `${goQuote(p.name)}=${goQuote(p.value)}`).join(' '),
  );
}
