import type { FieldError } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';
import type { NamespaceRow } from '../storage/namespace.repository.js';

/** The label Kubernetes puts on every namespace, so selectors can pick namespaces by name. */
export const NAME_LABEL = 'kubernetes.io/metadata.name';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespace names are DNS-1123 labels, as in Kubernetes. */
export function namespaceNameErrors(name: unknown): FieldError[] {
  if (typeof name !== 'string' || name === '') {
    return [
      { field: 'metadata.name', message: 'Required value: name or generateName is required' },
    ];
  }
  const problems: string[] = [];
  if (name.length > 63) {
    problems.push('must be no more than 63 characters');
  }
  if (!dns1123Label.test(name)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  }
  return problems.map((p) => ({
    field: 'metadata.name',
    message: `Invalid value: ${JSON.stringify(name)}: ${p}`,
  }));
}

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');

/** A Namespace body, checked: its name, its labels, and the rest of its metadata to keep. */
export function checkedNamespace(body: Record<string, unknown>): {
  name: string;
  labels: Record<string, string>;
  object: Record<string, unknown>;
} {
  if ((body.kind ?? 'Namespace') !== 'Namespace' || (body.apiVersion ?? 'v1') !== 'v1') {
    throw new ApiError(
      'BadRequest',
      'the object provided is unrecognized (must be of type Namespace in v1)',
    );
  }
  const metadata = (
    typeof body.metadata === 'object' && body.metadata !== null ? body.metadata : {}
  ) as Record<string, unknown>;
  const {
    name,
    labels = {},
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ct,
    namespace: _ns,
    ...rest
  } = metadata;
  const errors = namespaceNameErrors(name);
  if (!isStringMap(labels)) {
    errors.push({ field: 'metadata.labels', message: 'Invalid value: must be a map of strings' });
  }
  if (errors.length > 0 || typeof name !== 'string' || !isStringMap(labels)) {
    throw ApiError.invalid('Namespace', typeof name === 'string' ? name : '', errors);
  }
  return { name, labels, object: { metadata: rest } };
}

/** A namespace row as the Kubernetes API shows it. */
export function namespaceObject(row: NamespaceRow, deletedAt?: Date) {
  const kept = (row.object.metadata ?? {}) as Record<string, unknown>;
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      ...kept,
      name: row.name,
      uid: row.uid,
      resourceVersion: String(row.resource_version),
      creationTimestamp: row.created.toISOString(),
      ...(deletedAt ? { deletionTimestamp: deletedAt.toISOString() } : {}),
      labels: { ...row.labels, [NAME_LABEL]: row.name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: deletedAt ? 'Terminating' : 'Active' },
  };
}

export function namespaceNotFound(name: string): ApiError {
  return new ApiError('NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' });
}
