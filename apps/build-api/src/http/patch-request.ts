import { ApiError } from './api-error.js';
import { jsonPatch, mergePatch, PatchError, withoutDirectives, type Json } from './patch.js';

/** The patch media types PATCH accepts (body-parsers reads them all as JSON). */
export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/**
 * Applies a PATCH body to the current object as its Content-Type says. Errors are those of the
 * Kubernetes API server: 415 for another type, 400 for a malformed patch, 422 when it cannot
 * apply (a missing path, a failed `test`).
 */
export function applyPatch(
  contentType: string | undefined,
  current: object,
  body: unknown,
): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const kind = (Object.keys(PATCH_TYPES) as (keyof typeof PATCH_TYPES)[]).find(
    (k) => PATCH_TYPES[k] === type,
  );
  if (!kind) {
    throw new ApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).join(', ')}`,
    );
  }
  if (body === undefined || body === '') {
    throw new ApiError('BadRequest', 'the request body is empty: a PATCH needs a patch document');
  }
  let result: Json;
  try {
    switch (kind) {
      case 'merge':
        result = mergePatch(current as Json, body as Json);
        break;
      case 'strategic':
        result = mergePatch(current as Json, withoutDirectives(body as Json));
        break;
      case 'json':
        result = jsonPatch(current as Json, body);
        break;
    }
  } catch (error) {
    if (error instanceof PatchError) {
      throw new ApiError(error.kind === 'malformed' ? 'BadRequest' : 'Invalid', error.message);
    }
    throw error;
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new ApiError('Invalid', 'the patched object is not an object');
  }
  return result;
}
