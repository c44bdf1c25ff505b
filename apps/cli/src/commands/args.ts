import type { EnvVar } from '@kiln/build-types';
import { UsageError } from '../errors.js';

/** Commander reducer for options that may repeat (`-e A=1 -e B=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `NAME=VALUE` (the value may hold `=` and may be empty). */
export function parseKeyValue(text: string, flag: string): { name: string; value: string } {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new UsageError(`${flag} "${text}": expected NAME=VALUE`);
  }
  return { name: text.slice(0, equals), value: text.slice(equals + 1) };
}

/** Repeated `-e NAME=VALUE` as env entries, later ones replacing earlier ones of the same name. */
export function parseEnvVars(values: readonly string[] | undefined, flag: string): EnvVar[] {
  const byName = new Map<string, string>();
  for (const text of values ?? []) {
    const { name, value } = parseKeyValue(text, flag);
    byName.delete(name);
    byName.set(name, value);
  }
  return [...byName].map(([name, value]) => ({ name, value }));
}

/** `-p NAME=VALUE` template parameters. */
export function parseParams(values: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries(parseEnvVars(values, '-p').map((e) => [e.name, e.value ?? '']));
}

export function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`${flag} must be a non-negative integer, got "${text}"`);
  }
  return n;
}
