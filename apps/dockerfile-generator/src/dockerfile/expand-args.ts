/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}` and `${VAR+word}`
 * the way BuildKit does for FROM and `--from`: unset variables expand to empty; the
 * escape char before `$` keeps it literal.
 */
export function expandArgs(
  text: string,
  vars: ReadonlyMap<string, string | undefined>,
  escapeChar: string,
): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === escapeChar && text.charAt(i + 1) === '$') {
      out += '$';
      i++;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}/.exec(text.slice(i + 1));
    const plain = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (braced !== null) {
      out += substitute(vars, braced[1] ?? '', braced[2], braced[3] ?? '');
      i += braced[0].length;
    } else if (plain !== null) {
      out += vars.get(plain[0]) ?? '';
      i += plain[0].length;
    } else {
      out += ch;
    }
  }
  return out;
}

function substitute(
  vars: ReadonlyMap<string, string | undefined>,
  name: string,
  op: string | undefined,
  word: string,
): string {
  const value = vars.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : word;
    case '-':
      return set ? value : word;
    case ':+':
      return nonEmpty ? word : '';
    case '+':
      return set ? word : '';
    case undefined:
    default:
      return value ?? '';
  }
}
