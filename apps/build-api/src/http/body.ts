import { parseDocuments } from '@kiln/build-types';
import { ApiError } from './api-error.js';

/**
 * Bodies arrive as JSON (parsed by express) or YAML (kept as text): YAML is parsed here with the
 * same parser `kiln apply` uses. Exactly one object is expected.
 */
export function singleObject(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    const parsed = parseDocuments(body);
    if (!parsed.ok) {
      throw new ApiError(
        'BadRequest',
        `the request body is not a valid object: ${parsed.errors.map((e) => e.message).join('; ')}`,
      );
    }
    const [first, ...rest] = parsed.objects;
    if (!first || rest.length > 0) {
      throw new ApiError(
        'BadRequest',
        `expected one object in the request body, got ${parsed.objects.length}`,
      );
    }
    return first;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('BadRequest', 'the request body must be a JSON or YAML object');
  }
  return body as Record<string, unknown>;
}
