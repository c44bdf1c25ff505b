import type { Build } from '@kiln/build-types';

export type ImageFormat = 'oci' | 'docker';
export type FormatChoice = { ok: true; format: ImageFormat } | { ok: false; message: string };

/** The variable Buildah itself reads for `--format`; OpenShift's API has no field for it. */
export const FORMAT_VARIABLE = 'BUILDAH_FORMAT';

/**
 * The image format a Docker or Source build asks for through BUILDAH_FORMAT in its strategy
 * env: `oci` (also when unset or empty, Buildah's default) or `docker`, spelled as Buildah
 * accepts them. The last definition wins, as in a container's env. Only a literal value is
 * read: the builder does not resolve `valueFrom` for a build flag.
 */
export function imageFormatOf(build: Build): FormatChoice {
  const strategy = build.spec.strategy;
  const [field, env] = strategy?.dockerStrategy
    ? ['dockerStrategy', strategy.dockerStrategy.env]
    : ['sourceStrategy', strategy?.sourceStrategy?.env];
  const index = (env ?? []).findLastIndex((e) => e.name === FORMAT_VARIABLE);
  const entry = env?.[index];
  if (!entry) {
    return { ok: true, format: 'oci' };
  }
  const path = `spec.strategy.${field}.env[${index}]`;
  if (entry.valueFrom) {
    return {
      ok: false,
      message: `${path}: ${FORMAT_VARIABLE} must be a literal value ("docker" or "oci"), not valueFrom`,
    };
  }
  const value = entry.value ?? '';
  if (value === '' || value === 'oci' || value === 'docker') {
    return { ok: true, format: value === 'docker' ? 'docker' : 'oci' };
  }
  return {
    ok: false,
    message: `${path}: ${FORMAT_VARIABLE} "${value}" is not an image format; use "docker" or "oci"`,
  };
}
