const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function escapeCodePoint(cp: number): string {
  if (cp < 0x80) {
    return `\\x${cp.toString(16).padStart(2, '0')}`;
  }
  return cp <= 0xffff
    ? `\\u${cp.toString(16).padStart(4, '0')}`
    : `\\U${cp.toString(16).padStart(8, '0')}`;
}

/**
 * Go's strconv.Quote, which upstream uses for every generated key and value: the result
 * is one line whatever the input, so no value can start a new instruction.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) {
      out += named;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8 to Go
    } else if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0x80 && PRINTABLE.test(ch))) {
      out += ch;
    } else {
      out += escapeCodePoint(cp);
    }
  }
  return `${out}"`;
}
