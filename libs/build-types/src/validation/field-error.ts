/** One problem with one field, addressed by a path like `spec.strategy.dockerStrategy.env[2].name`. */
export type FieldError = { field: string; message: string };

/** Outcome of a validator: the (unchanged) input, typed, or every problem found. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Message shapes follow Kubernetes' field errors, so API clients see familiar text.
export const required = (field: string, detail?: string): FieldError => ({
  field,
  message: detail ? `Required value: ${detail}` : 'Required value',
});

export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  message: `Invalid value: ${JSON.stringify(value) ?? 'undefined'}: ${detail}`,
});

export const unsupported = (
  field: string,
  value: unknown,
  allowed: readonly string[],
): FieldError => ({
  field,
  message: `Unsupported value: ${JSON.stringify(value) ?? 'undefined'}: supported values: ${allowed
    .map((v) => `"${v}"`)
    .join(', ')}`,
});

export const duplicate = (field: string, value: unknown): FieldError => ({
  field,
  message: `Duplicate value: ${JSON.stringify(value) ?? 'undefined'}`,
});

export const forbidden = (field: string, detail: string): FieldError => ({
  field,
  message: `Forbidden: ${detail}`,
});

/** Renders a path the way Kubernetes does: dots for fields, brackets for indexes and map keys. */
export const formatPath = (segments: readonly PropertyKey[]): string =>
  segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') {
      return `${path}[${segment}]`;
    }
    const key = String(segment);
    if (/^[A-Za-z_$][\w$]*$/.test(key)) {
      return path ? `${path}.${key}` : key;
    }
    return `${path}[${key}]`;
  }, '');
