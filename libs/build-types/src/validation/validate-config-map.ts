import { type ConfigMap, configMapSchema } from '../core/config-map.js';
import { type FieldError, type ValidationResult, duplicate, invalid } from './field-error.js';
import { isConfigMapKey } from './names.js';
import { runValidation } from './run-validation.js';
import { validateObjectMeta } from './validate-object-meta.js';

const keyProblem = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

const rules = (configMap: ConfigMap): FieldError[] => {
  const errors = validateObjectMeta(configMap.metadata, 'metadata');
  for (const key of Object.keys(configMap.data ?? {})) {
    if (!isConfigMapKey(key)) {
      errors.push(invalid(`data[${key}]`, key, keyProblem));
    }
  }
  for (const key of Object.keys(configMap.binaryData ?? {})) {
    if (!isConfigMapKey(key)) {
      errors.push(invalid(`binaryData[${key}]`, key, keyProblem));
    }
    if (configMap.data && key in configMap.data) {
      errors.push(duplicate(`binaryData[${key}]`, key));
    }
  }
  return errors;
};

/** Validates a ConfigMap: name, key syntax, and no key in both `data` and `binaryData`. */
export const validateConfigMap = (input: unknown): ValidationResult<ConfigMap> =>
  runValidation(configMapSchema, input, rules);
