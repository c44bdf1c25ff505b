import type { FieldError } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';

/** The core v1 kinds served under `/api/v1/namespaces/{ns}/…`, by their resource name. */
export const CoreResource = { Secret: 'secrets', ConfigMap: 'configmaps' } as const;
export type CoreKind = keyof typeof CoreResource;

/** Kubernetes caps a Secret's or ConfigMap's data at 1 MiB. */
export const MAX_DATA_BYTES = 1024 * 1024;

/** A field that should be a string, as text for messages ('' when it is not). */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const base64Re = /^[A-Za-z0-9+/]*={0,2}$/;
export const isBase64 = (value: string): boolean => base64Re.test(value) && value.length % 4 === 0;

export function coreNotFound(kind: CoreKind, name: string): ApiError {
  return new ApiError('NotFound', `${CoreResource[kind]} "${name}" not found`, {
    name,
    kind: CoreResource[kind],
  });
}

/** What Kubernetes answers to a DELETE of a Secret or ConfigMap. */
export function deletedStatus(kind: CoreKind, name: string, uid: string | undefined) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, kind: CoreResource[kind], ...(uid ? { uid } : {}) },
  };
}

/**
 * Checks that a body is the kind the URL serves, in the URL's namespace (and, for a PUT, with the
 * URL's name), and returns it placed in that namespace.
 */
export function placed(
  kind: CoreKind,
  namespace: string,
  body: Record<string, unknown>,
  urlName?: string,
): Record<string, unknown> & { metadata: Record<string, unknown> } {
  if ((body.kind !== undefined && body.kind !== kind) || (body.apiVersion ?? 'v1') !== 'v1') {
    throw new ApiError(
      'BadRequest',
      `the object provided is unrecognized (must be of type ${kind} in v1): got ${text(body.apiVersion)}/${text(body.kind)}`,
    );
  }
  const metadata =
    typeof body.metadata === 'object' && body.metadata !== null
      ? (body.metadata as Record<string, unknown>)
      : {};
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw new ApiError(
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (urlName !== undefined && metadata.name !== urlName) {
    throw new ApiError(
      'BadRequest',
      `the name of the object (${text(metadata.name)}) does not match the name in the URL (${urlName})`,
    );
  }
  return { ...body, apiVersion: 'v1', kind, metadata: { ...metadata, namespace } };
}

const sameMap = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/** An object with `immutable: true` keeps its data and stays immutable. */
export function immutableErrors(
  current: { immutable?: boolean | null },
  next: { immutable?: boolean | null },
  fields: readonly {
    name: string;
    current: Record<string, string>;
    next: Record<string, string>;
  }[],
): FieldError[] {
  if (current.immutable !== true) {
    return [];
  }
  const message = 'Forbidden: field is immutable when `immutable` is set';
  const errors = fields
    .filter((f) => !sameMap(f.current, f.next))
    .map((f) => ({ field: f.name, message }));
  if (next.immutable !== true) {
    errors.push({ field: 'immutable', message });
  }
  return errors;
}

export function sizeErrors(bytes: number, field = 'data'): FieldError[] {
  return bytes > MAX_DATA_BYTES
    ? [{ field, message: `Too long: must have at most ${MAX_DATA_BYTES} bytes` }]
    : [];
}
