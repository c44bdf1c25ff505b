import { randomInt } from 'node:crypto';

/** Returns an integer in [0, max); injectable so tests can be deterministic. */
export type RandomInt = (max: number) => number;

const classes: Readonly<Record<string, string>> = {
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  d: '0123456789',
  a: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  A: '~!@#$%^&*()-_+={}[]\\|<,>.?/"\';:`',
};

const expandSet = (body: string): string => {
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    const next = body.charAt(i + 1);
    if (c === '\\' && next) {
      chars += classes[next] ?? next;
      i++;
    } else if (next === '-' && i + 2 < body.length) {
      const end = body.charCodeAt(i + 2);
      for (let code = body.charCodeAt(i); code <= end; code++) {
        chars += String.fromCharCode(code);
      }
      i += 2;
    } else {
      chars += c;
    }
  }
  return chars;
};

/**
 * Generates a value for a template parameter with `generate: expression`, supporting the
 * `[set]{n}` form (ranges and `\w`, `\d`, `\a`, `\A`) mixed with literal text, e.g.
 * `user[A-Z0-9]{3}`. Throws on an expression it cannot read.
 */
export const generateFromExpression = (from: string, random: RandomInt = randomInt): string =>
  from.replace(/\[((?:\\.|[^\]])+)\]\{(\d+)\}/g, (_match, body: string, count: string) => {
    const chars = expandSet(body);
    if (chars.length === 0) {
      throw new Error(`empty character set in expression "${from}"`);
    }
    return Array.from({ length: Number(count) }, () => chars.charAt(random(chars.length))).join('');
  });
