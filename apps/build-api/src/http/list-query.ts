import { ApiError } from './api-error.js';
import {
  matchesFields,
  parseFieldSelector,
  type FieldRequirement,
  type FieldSupport,
} from './field-selector.js';
import {
  equalityLabels,
  matchesLabels,
  parseLabelRequirements,
  type LabelRequirement,
} from './label-selector.js';

/** What a list or watch asks for beyond the collection. */
export type Selection = { labels: LabelRequirement[]; fields: FieldRequirement[] };

/** Where the previous page ended, and the version the first page was served at. */
export type ContinueToken = { resourceVersion: string; after: string };

export type ListQuery = {
  selection: Selection;
  limit?: number;
  continue?: ContinueToken;
  watch: boolean;
  resourceVersion?: string;
  timeoutSeconds?: number;
};

/** An object as lists see it. */
export type Listed = {
  metadata?: { name?: string | null; labels?: Record<string, string> | null } | null;
};

/** Every object supports these, as in Kubernetes. */
export const METADATA_FIELDS = ['metadata.name', 'metadata.namespace'] as const;

/** Reads the list options of a collection GET; anything malformed is a 400. */
export function parseListQuery(query: Record<string, unknown>, fields: FieldSupport): ListQuery {
  const text = (key: string): string | undefined => {
    const value = query[key];
    const first = Array.isArray(value) ? (value[0] as unknown) : value;
    return typeof first === 'string' ? first : undefined;
  };
  const after = text('continue');
  const timeout = text('timeoutSeconds');
  return {
    selection: {
      labels: parseLabelRequirements(text('labelSelector')),
      fields: parseFieldSelector(text('fieldSelector'), fields),
    },
    limit: parseLimit(text('limit')),
    continue: after ? decodeContinue(after) : undefined,
    watch: parseBool('watch', text('watch')) ?? false,
    resourceVersion: text('resourceVersion') || undefined,
    timeoutSeconds: timeout ? parseCount('timeoutSeconds', timeout) : undefined,
  };
}

export function selects(selection: Selection, object: Listed): boolean {
  return (
    matchesLabels(selection.labels, object.metadata?.labels) &&
    matchesFields(selection.fields, object)
  );
}

/**
 * `a=b,c=d` only, for collections whose store filters on equality alone (Secrets, ConfigMaps,
 * Namespaces); a set-based term is refused rather than ignored.
 */
export function parseLabelSelector(selector: string | undefined): Record<string, string> {
  const requirements = parseLabelRequirements(selector);
  const labels = equalityLabels(requirements);
  if (Object.keys(labels).length !== requirements.length) {
    throw new ApiError(
      'BadRequest',
      `unable to parse requirement: labelSelector "${selector ?? ''}" (only key=value is supported here)`,
    );
  }
  return labels;
}

/** `limit=0` means no limit, as in Kubernetes. */
export function parseLimit(limit: string | undefined): number | undefined {
  if (limit === undefined || limit === '') {
    return undefined;
  }
  const n = parseCount('limit', limit);
  return n === 0 ? undefined : n;
}

/** Query booleans as Go's strconv.ParseBool reads them. */
export function parseBool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) {
    return true;
  }
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) {
    return false;
  }
  throw new ApiError('BadRequest', `${name} must be true or false, got "${value}"`);
}

export function parseCount(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new ApiError('BadRequest', `${name} must be a non-negative integer, got "${value}"`);
  }
  return n;
}

/** Opaque to clients; versioned so that its shape can change. */
export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(
    JSON.stringify({ v: 1, rv: token.resourceVersion, start: token.after }),
  ).toString('base64url');
}

export function decodeContinue(value: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (parsed.v === 1 && typeof parsed.rv === 'string' && typeof parsed.start === 'string') {
      return { resourceVersion: parsed.rv, after: parsed.start };
    }
  } catch {
    // falls through to the error below
  }
  throw new ApiError('BadRequest', 'continue key is not valid: it was not issued by this server');
}

export function listOf<T>(
  kind: string,
  apiVersion: string,
  items: T[],
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
