import type { ConfigMap, FieldError } from '@kiln/build-types';
import { immutableErrors, isBase64, sizeErrors } from './core-object.js';

/** Checks the lib's validator leaves to the server: base64 binaryData and the 1 MiB cap. */
export function configMapContentErrors(configMap: ConfigMap): FieldError[] {
  const errors: FieldError[] = [];
  let bytes = 0;
  for (const value of Object.values(configMap.data ?? {})) {
    bytes += Buffer.byteLength(value, 'utf8');
  }
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) {
    if (!isBase64(value)) {
      errors.push({
        field: `binaryData[${key}]`,
        message: 'Invalid value: "<binary data>": must be base64-encoded',
      });
    } else {
      bytes += Buffer.from(value, 'base64').length;
    }
  }
  return [...errors, ...sizeErrors(bytes)];
}

/** Once immutable, a ConfigMap keeps its data, its binaryData and its immutability. */
export function configMapUpdateErrors(current: ConfigMap, next: ConfigMap): FieldError[] {
  return immutableErrors(current, next, [
    { name: 'data', current: current.data ?? {}, next: next.data ?? {} },
    { name: 'binaryData', current: current.binaryData ?? {}, next: next.binaryData ?? {} },
  ]);
}
