import { z } from 'zod';
import { opt, stringMap } from '../shared/schema-helpers.js';
import { objectMetaSchema } from './object-meta.js';

/** Non-sensitive configuration; builds consume it as input files or env values. */
export const configMapSchema = z.looseObject({
  /** `v1`. */
  apiVersion: opt(z.string()),
  /** `ConfigMap`. */
  kind: opt(z.string()),
  /** Standard metadata. */
  metadata: objectMetaSchema,
  /** UTF-8 values by key. */
  data: opt(stringMap),
  /** Base64-encoded binary values by key; keys may not repeat those of `data`. */
  binaryData: opt(stringMap),
  /** When true, the data cannot be changed after creation. */
  immutable: opt(z.boolean()),
});
export type ConfigMap = z.infer<typeof configMapSchema>;
