const special = /[.+^${}()|\\]/;

/** A bracket expression `[a-z]`, `[!0-9]`, from `pattern[start]` (the `[`); undefined if unclosed. */
function bracket(pattern: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let body = '';
  if (pattern[i] === '!' || pattern[i] === '^') {
    body = '^';
    i++;
  }
  // A `]` right after the opening (or the negation) is a literal member.
  if (pattern[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === ']') {
      return { source: `[${body}]`, end: i };
    }
    if (c === '\\' && i + 1 < pattern.length) {
      body += `\\${pattern[++i] ?? ''}`;
    } else {
      body += c === '[' ? '\\[' : c;
    }
  }
  return undefined;
}

/**
 * Translates a gitignore glob (already stripped of `!`, a leading `/` and a trailing `/`) into
 * a regular expression source matching a whole slash-separated path: `*` and `?` stay within one
 * segment, `**` spans any number of segments, `\` escapes.
 */
export function globSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + 2 === pattern.length;
      const slashAfter = pattern[i + 2] === '/';
      if (atStart && slashAfter) {
        out += '(?:.*/)?'; // `**/` : zero or more directories
        i += 2;
        continue;
      }
      if (atStart && atEnd) {
        out += '.*'; // trailing `/**`: everything inside
        i += 1;
        continue;
      }
      out += '[^/]*'; // `**` inside a segment is an ordinary star
      i += 1;
      continue;
    }
    if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const set = bracket(pattern, i);
      if (set) {
        out += set.source;
        i = set.end;
      } else {
        out += '\\[';
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i] ?? '';
      out += special.test(next) || '*?[]/'.includes(next) ? `\\${next}` : next;
    } else {
      out += special.test(c) ? `\\${c}` : c;
    }
  }
  return out;
}
