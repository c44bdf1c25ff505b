import { globSource } from './glob.js';

/** `.gitignore` rules apply below their file's directory; `.dockerignore` ones from the root only. */
export type IgnoreFlavour = 'gitignore' | 'dockerignore';

export type IgnoreRule = {
  /** Directory (relative, '' for the root) the rule's file sits in. */
  base: string;
  /** The line as written, for messages. */
  pattern: string;
  negated: boolean;
  /** A trailing `/`: matches directories only. */
  directoryOnly: boolean;
  regex: RegExp;
};

/** Drops unescaped trailing blanks, as git does. */
function trimTrailing(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    if (end >= 2 && line[end - 2] === '\\') {
      break;
    }
    end--;
  }
  return line.slice(0, end);
}

/** One line of an ignore file as a rule; undefined for blanks and comments. */
export function parseIgnoreLine(
  line: string,
  base = '',
  flavour: IgnoreFlavour = 'gitignore',
): IgnoreRule | undefined {
  let text = trimTrailing(line.replace(/\r$/, ''));
  if (flavour === 'dockerignore') {
    text = text.trim();
  }
  if (!text || text.startsWith('#')) {
    return undefined;
  }
  const pattern = text;
  const negated = text.startsWith('!');
  if (negated) {
    text = text.slice(1);
  } else if (text.startsWith('\\!') || text.startsWith('\\#')) {
    text = text.slice(1);
  }
  let directoryOnly = false;
  while (text.endsWith('/') && !text.endsWith('\\/')) {
    directoryOnly = flavour === 'gitignore';
    text = text.slice(0, -1);
  }
  // A slash at the start or in the middle anchors a gitignore pattern to its directory; Docker
  // anchors every pattern to the context root.
  const anchored = flavour === 'dockerignore' || text.includes('/');
  text = text.replace(/^\/+/, '').replace(/^\.\/+/, '');
  if (!text) {
    return undefined;
  }
  const source = `^${anchored ? '' : '(?:.*/)?'}${globSource(text)}$`;
  return { base, pattern, negated, directoryOnly, regex: new RegExp(source) };
}

export function parseIgnoreFile(
  content: string,
  base = '',
  flavour: IgnoreFlavour = 'gitignore',
): IgnoreRule[] {
  return content
    .split('\n')
    .map((line) => parseIgnoreLine(line, base, flavour))
    .filter((rule): rule is IgnoreRule => rule !== undefined);
}

/**
 * Rules from several ignore files, in precedence order (later rules win, as a deeper
 * `.gitignore` wins over its parents). Paths are relative with `/` separators.
 */
export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];

  add(rules: readonly IgnoreRule[]): this {
    this.rules.push(...rules);
    return this;
  }

  /** The verdict of the rules on this path alone (its parents are not consulted). */
  matches(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) {
        continue;
      }
      const prefix = rule.base ? `${rule.base}/` : '';
      if (prefix && !path.startsWith(prefix)) {
        continue;
      }
      if (rule.regex.test(path.slice(prefix.length))) {
        ignored = !rule.negated;
      }
    }
    return ignored;
  }

  /**
   * True when the path is left out: it matches, or a parent directory does (git cannot
   * re-include a file whose directory is excluded, so neither can we).
   */
  isIgnored(path: string, isDirectory: boolean): boolean {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.matches(parts.slice(0, i).join('/'), true)) {
        return true;
      }
    }
    return this.matches(path, isDirectory);
  }
}
