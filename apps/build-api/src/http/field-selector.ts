import { ApiError } from './api-error.js';

export type FieldRequirement = { field: string; operator: '=' | '!='; value: string };

/** The fields a kind can be selected on, and old spellings mapped to them. */
export type FieldSupport = { fields: readonly string[]; aliases?: Record<string, string> };

/**
 * Parses `status.phase=Running,metadata.name!=x` (also `==`). Values may escape `\,` `\=` `\\`
 * as Kubernetes allows. A field the kind does not support is a 400, as in Kubernetes.
 */
export function parseFieldSelector(
  selector: string | undefined,
  support: FieldSupport,
): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const term of splitUnescaped(selector ?? '', ',')) {
    if (!term.trim()) {
      continue;
    }
    const match = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)(.*)$/.exec(term);
    if (!match?.[1] || !match[2]) {
      throw new ApiError(
        'BadRequest',
        `invalid fieldSelector "${selector ?? ''}": "${term}" is not field=value or field!=value`,
      );
    }
    const field = support.aliases?.[match[1]] ?? match[1];
    if (!support.fields.includes(field)) {
      throw new ApiError('BadRequest', `field label not supported: ${match[1]}`);
    }
    requirements.push({
      field,
      operator: match[2] === '!=' ? '!=' : '=',
      value: unescape((match[3] ?? '').trim()),
    });
  }
  return requirements;
}

/** Whether the object's fields satisfy every requirement; a missing field reads as "". */
export function matchesFields(requirements: readonly FieldRequirement[], object: unknown): boolean {
  return requirements.every((r) => {
    const actual = fieldValue(object, r.field);
    return r.operator === '=' ? actual === r.value : actual !== r.value;
  });
}

function fieldValue(object: unknown, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');
