import { z } from 'zod';
import { opt, stringMap } from '../shared/schema-helpers.js';
import { objectMetaSchema } from './object-meta.js';

/** The Secret types builds understand, and the data key each one requires. */
export const SecretType = {
  Opaque: 'Opaque',
  DockerConfigJson: 'kubernetes.io/dockerconfigjson',
  DockerCfg: 'kubernetes.io/dockercfg',
  BasicAuth: 'kubernetes.io/basic-auth',
  SshAuth: 'kubernetes.io/ssh-auth',
} as const;
export type SecretType = (typeof SecretType)[keyof typeof SecretType];

/** Keys a typed Secret must carry (in `data` or `stringData`), as the API server enforces. */
export const requiredSecretKeys: Readonly<Record<SecretType, readonly string[]>> = {
  Opaque: [],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** Sensitive data: source credentials, registry credentials, webhook secrets, build inputs. */
export const secretSchema = z.looseObject({
  /** `v1`. */
  apiVersion: opt(z.string()),
  /** `Secret`. */
  kind: opt(z.string()),
  /** Standard metadata. */
  metadata: objectMetaSchema,
  /** Secret type; defaults to `Opaque`. Other types are stored but builds ignore them. */
  type: opt(z.string()),
  /** Base64-encoded values by key. */
  data: opt(stringMap),
  /** Plain-text values by key, merged over `data` on write. */
  stringData: opt(stringMap),
  /** When true, the data cannot be changed after creation. */
  immutable: opt(z.boolean()),
});
export type Secret = z.infer<typeof secretSchema>;
