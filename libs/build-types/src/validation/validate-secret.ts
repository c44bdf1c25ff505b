import { type Secret, requiredSecretKeys, SecretType, secretSchema } from '../core/secret.js';
import { type FieldError, type ValidationResult, invalid, required } from './field-error.js';
import { isConfigMapKey } from './names.js';
import { runValidation } from './run-validation.js';
import { validateObjectMeta } from './validate-object-meta.js';

const base64Re = /^[A-Za-z0-9+/]*={0,2}$/;

const isKnownType = (type: string): type is SecretType =>
  Object.values(SecretType).some((t) => t === type);

const decodedValue = (secret: Secret, key: string): string | undefined => {
  const plain = secret.stringData?.[key];
  const encoded = secret.data?.[key];
  return (
    plain ?? (encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8'))
  );
};

// Registry credential secrets must hold JSON, or every pull and push using them fails later.
const validateTypedContent = (secret: Secret, type: SecretType): FieldError[] => {
  const errors = requiredSecretKeys[type]
    .filter((key) => decodedValue(secret, key) === undefined)
    .map((key) => required(`data[${key}]`));
  const jsonKey =
    type === SecretType.DockerConfigJson
      ? '.dockerconfigjson'
      : type === SecretType.DockerCfg
        ? '.dockercfg'
        : undefined;
  const content = jsonKey ? decodedValue(secret, jsonKey) : undefined;
  if (jsonKey && content !== undefined) {
    try {
      JSON.parse(content);
    } catch {
      errors.push(invalid(`data[${jsonKey}]`, '<secret contents redacted>', 'must be valid JSON'));
    }
  }
  if (
    type === SecretType.BasicAuth &&
    decodedValue(secret, 'username') === undefined &&
    decodedValue(secret, 'password') === undefined
  ) {
    errors.push(required('data[username]', 'basic-auth secrets need a username or a password'));
  }
  return errors;
};

const rules = (secret: Secret): FieldError[] => {
  const errors = validateObjectMeta(secret.metadata, 'metadata');
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    if (!isConfigMapKey(key)) {
      errors.push(
        invalid(
          `data[${key}]`,
          key,
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        ),
      );
    }
    if (!base64Re.test(value) || value.length % 4 !== 0) {
      errors.push(invalid(`data[${key}]`, '<secret contents redacted>', 'must be base64-encoded'));
    }
  }
  for (const key of Object.keys(secret.stringData ?? {})) {
    if (!isConfigMapKey(key)) {
      errors.push(
        invalid(
          `stringData[${key}]`,
          key,
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        ),
      );
    }
  }
  const type = secret.type ?? SecretType.Opaque;
  return isKnownType(type) ? [...errors, ...validateTypedContent(secret, type)] : errors;
};

/** Validates a Secret: name, key syntax, base64 data, and the keys its type requires. */
export const validateSecret = (input: unknown): ValidationResult<Secret> =>
  runValidation(secretSchema, input, rules);
