import { ApiError } from './api-error.js';

/** `a=b,c=d` equality selectors, as `kubectl -l` sends them. */
export function parseLabelSelector(selector: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const term of (selector ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9./_-]+)\s*==?\s*([A-Za-z0-9._-]*)$/.exec(term);
    if (!match?.[1]) {
      throw new ApiError(
        'BadRequest',
        `unable to parse requirement: labelSelector term "${term}" (only key=value is supported)`,
      );
    }
    labels[match[1]] = match[2] ?? '';
  }
  return labels;
}

export function parseLimit(limit: string | undefined): number | undefined {
  if (limit === undefined || limit === '') {
    return undefined;
  }
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1) {
    throw new ApiError('BadRequest', `limit must be a positive integer, got "${limit}"`);
  }
  return n;
}

export function listOf(
  kind: string,
  apiVersion: string,
  items: unknown[],
  resourceVersion: string,
  next?: string,
) {
  return {
    kind,
    apiVersion,
    metadata: { resourceVersion, ...(next ? { continue: next } : {}) },
    items,
  };
}
