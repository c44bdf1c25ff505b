import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** Selects one key of a Secret or ConfigMap in the build's namespace. */
export const keySelectorSchema = z.looseObject({
  /** Name of the Secret or ConfigMap. */
  name: opt(z.string()),
  /** Key inside its data. */
  key: z.string(),
  /** When true, a missing object or key leaves the variable unset instead of failing. */
  optional: opt(z.boolean()),
});
export type KeySelector = z.infer<typeof keySelectorSchema>;

/** Selects a field of the build pod (e.g. `metadata.name`). */
export const objectFieldSelectorSchema = z.looseObject({
  /** Version of the schema `fieldPath` is written in; default `v1`. */
  apiVersion: opt(z.string()),
  /** Path of the field, e.g. `metadata.namespace`. */
  fieldPath: z.string(),
});
export type ObjectFieldSelector = z.infer<typeof objectFieldSelectorSchema>;

/** Where a variable's value comes from when it is not literal. */
export const envVarSourceSchema = z.looseObject({
  /** A field of the build pod. */
  fieldRef: opt(objectFieldSelectorSchema),
  /** A key of a ConfigMap. */
  configMapKeyRef: opt(keySelectorSchema),
  /** A key of a Secret. */
  secretKeyRef: opt(keySelectorSchema),
  /** Container resources; rejected by build validation (there is no container to read). */
  resourceFieldRef: opt(z.looseObject({})),
});
export type EnvVarSource = z.infer<typeof envVarSourceSchema>;

/** One environment variable; `$(NAME)` references to earlier variables are expanded. */
export const envVarSchema = z.looseObject({
  /** Variable name; must match `[-._a-zA-Z][-._a-zA-Z0-9]*`. */
  name: z.string(),
  /** Literal value; `$$(X)` escapes to a literal `$(X)`. */
  value: opt(z.string()),
  /** Indirect value; may not be combined with a non-empty `value`. */
  valueFrom: opt(envVarSourceSchema),
});
export type EnvVar = z.infer<typeof envVarSchema>;
