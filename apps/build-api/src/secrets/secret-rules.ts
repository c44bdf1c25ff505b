import { SecretType, type FieldError, type Secret } from '@kiln/build-types';
import { immutableErrors } from './core-object.js';

/** A Secret's values by key, base64 as in `data`. */
export type SecretData = Record<string, string>;

/** A Secret split for storage: the object without values (a plain row) and its values (sealed). */
export type SplitSecret = { object: Secret; data: SecretData };

/**
 * A Secret as Kubernetes writes it: `stringData` merged over `data` (base64) and dropped, so it is
 * never stored nor returned; `type` defaulted to Opaque.
 */
export function splitSecret(secret: Secret): SplitSecret {
  const { data, stringData, ...object } = secret;
  const merged: SecretData = { ...data };
  for (const [key, value] of Object.entries(stringData ?? {})) {
    merged[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  return { object: { ...object, type: secret.type || SecretType.Opaque }, data: merged };
}

export function joinSecret({ object, data }: SplitSecret): Secret {
  return { ...object, data };
}

export function dataBytes(data: SecretData): number {
  return Object.values(data).reduce((n, v) => n + Buffer.from(v, 'base64').length, 0);
}

/** What a Secret's new version may not change: its type, and anything once it is immutable. */
export function secretUpdateErrors(current: SplitSecret, next: SplitSecret): FieldError[] {
  const errors: FieldError[] = [];
  if ((current.object.type ?? SecretType.Opaque) !== next.object.type) {
    errors.push({
      field: 'type',
      message: `Invalid value: ${JSON.stringify(next.object.type)}: field is immutable`,
    });
  }
  errors.push(
    ...immutableErrors(current.object, next.object, [
      { name: 'data', current: current.data, next: next.data },
    ]),
  );
  return errors;
}
