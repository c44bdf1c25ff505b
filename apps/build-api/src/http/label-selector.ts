import { ApiError } from './api-error.js';

/** One term of a label selector; `=`/`==` parse to `in` with one value, `!=` to `notin`. */
export type LabelRequirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | '!exists' };

const KEY = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Parses a label selector as kubectl sends it: `a=b,c!=d,e in (f,g),h notin (i),j,!k`.
 * Throws a 400 Status naming the term it could not read.
 */
export function parseLabelRequirements(selector: string | undefined): LabelRequirement[] {
  const source = selector ?? '';
  const fail = (detail: string): never => {
    throw new ApiError('BadRequest', `unable to parse labelSelector "${source}": ${detail}`);
  };
  const requirements: LabelRequirement[] = [];
  let at = 0;
  const skipSpace = () => {
    while (source[at] === ' ') {
      at++;
    }
  };
  const word = (pattern: RegExp): string => {
    const match = pattern.exec(source.slice(at));
    at += match?.[0].length ?? 0;
    return match?.[0] ?? '';
  };
  const checked = (text: string, pattern: RegExp, what: string): string =>
    pattern.test(text) ? text : fail(`invalid ${what} "${text}"`);
  skipSpace();
  while (at < source.length) {
    skipSpace();
    const negated = source[at] === '!';
    if (negated) {
      at++;
      skipSpace();
    }
    const key = checked(word(/^[^\s,=!()]+/), KEY, 'label key');
    skipSpace();
    const rest = source.slice(at);
    if (negated) {
      requirements.push({ key, operator: '!exists' });
    } else if (rest === '' || rest.startsWith(',')) {
      requirements.push({ key, operator: 'exists' });
    } else if (/^(==|=|!=)/.test(rest)) {
      const operator = word(/^(==|=|!=)/);
      skipSpace();
      const value = checked(word(/^[^\s,()]*/), VALUE, 'label value');
      requirements.push({ key, operator: operator === '!=' ? 'notin' : 'in', values: [value] });
    } else if (/^(in|notin)\s*\(/.test(rest)) {
      const operator = word(/^(in|notin)/) as 'in' | 'notin';
      skipSpace();
      at++; // the '('
      const close = source.indexOf(')', at);
      if (close < 0) {
        fail(`missing ")" after "${key} ${operator} ("`);
      }
      const values = source
        .slice(at, close)
        .split(',')
        .map((v) => checked(v.trim(), VALUE, 'label value'));
      at = close + 1;
      requirements.push({ key, operator, values });
    } else {
      fail(`unexpected "${rest}" after "${key}"`);
    }
    skipSpace();
    if (at < source.length) {
      if (source[at] !== ',') {
        fail(`expected "," at "${source.slice(at)}"`);
      }
      at++;
      skipSpace();
      if (at >= source.length) {
        fail('a selector may not end with ","');
      }
    }
  }
  return requirements;
}

/** Whether labels satisfy every requirement (`!=` and `notin` hold when the key is absent). */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> | null | undefined,
): boolean {
  return requirements.every((r) => {
    const value = labels?.[r.key];
    switch (r.operator) {
      case 'exists':
        return value !== undefined;
      case '!exists':
        return value === undefined;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
    }
  });
}

/** The `key=value` terms, which the stores filter on in SQL before the rest is applied. */
export function equalityLabels(requirements: readonly LabelRequirement[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const r of requirements) {
    if (r.operator === 'in' && r.values.length === 1 && r.values[0] !== undefined) {
      labels[r.key] = r.values[0];
    }
  }
  return labels;
}
