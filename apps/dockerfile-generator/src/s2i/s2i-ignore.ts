type Rule = { regex: RegExp; include: boolean };

function globToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*' && pattern.charAt(i + 1) === '*') {
      // `**/` spans any number of directories, including none.
      out += pattern.charAt(i + 2) === '/' ? '(?:.*/)?' : '.*';
      i += pattern.charAt(i + 2) === '/' ? 2 : 1;
    } else if (ch === '*') {
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        out += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else {
      out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  // A matched directory excludes everything below it.
  return new RegExp(`^${out}(?:/.*)?$`, 's');
}

function toRule(line: string): Rule | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) {
    return undefined;
  }
  const include = trimmed.startsWith('!');
  const pattern = (include ? trimmed.slice(1).trim() : trimmed)
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
  return pattern === '' ? undefined : { regex: globToRegex(pattern), include };
}

/**
 * A predicate over source-relative paths (`foo/bar/a_file`) built from `.s2iignore` lines:
 * true = copy the file into upload/src. Blank lines and `#` comments are skipped; a
 * pattern also excludes everything under a matching directory; `!` re-includes; the last
 * matching line wins, as in `.dockerignore`.
 */
export function s2iIgnoreFilter(lines: readonly string[]): (path: string) => boolean {
  const rules = lines.map(toRule).filter((r): r is Rule => r !== undefined);
  return (path: string): boolean => {
    const normalized = path.replace(/^\.\//, '').replace(/^\/+/, '');
    let keep = true;
    for (const rule of rules) {
      if (rule.regex.test(normalized)) {
        keep = rule.include;
      }
    }
    return keep;
  };
}
