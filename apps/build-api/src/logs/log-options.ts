import { buildLogOptionsSchema, type BuildLogOptions, type FieldError } from '@kiln/build-types';
import { z } from 'zod';
import { ApiError } from '../http/api-error.js';

export type LogOptions = {
  /** Keep streaming until the build ends (or the client goes). */
  follow: boolean;
  /** Prefix each line with its RFC 3339 time. */
  timestamps: boolean;
  /** Only the last N lines (of what exists when the request starts, when following). */
  tailLines?: number;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
  /** Only lines written at or after this time (sinceTime, or now minus sinceSeconds). */
  since?: Date;
};

/** The query's options: how to show a log, and whose. */
export type LogRequest = LogOptions & {
  /** The log of the BuildConfig's build before this one instead (see previousBuildName). */
  previous: boolean;
};

/** The scalar type each BuildLogOptions field has, read from the shared schema. */
const fieldTypes: ReadonlyMap<string, string> = new Map(
  Object.entries(buildLogOptionsSchema.shape).map(([key, schema]) => [key, scalarType(schema)]),
);

function scalarType(schema: z.ZodType): string {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner.def.type;
}

/** Query booleans as Go's strconv.ParseBool reads them (the API server decodes them so). */
const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

/**
 * Query text to the field's type. What does not convert is left as it is, for the schema to
 * refuse with the field's name; an empty value means unset.
 */
function decoded(type: string | undefined, value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  if (value === '') {
    return undefined;
  }
  if (type === 'boolean') {
    return TRUE.includes(value) ? true : FALSE.includes(value) ? false : value;
  }
  if (type === 'number' && /^[-+]?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

/**
 * BuildLogOptions from the query: each value decoded to the type the shared schema gives it,
 * then checked by that schema (400 naming the field, as a query that does not decode is), then
 * by the rules Kubernetes applies to PodLogOptions and OpenShift to BuildLogOptions (422 with
 * the field). `container`, `nowait` and `version` are validated but not otherwise read.
 */
export function parseLogOptions(
  name: string,
  query: Record<string, unknown>,
  now = new Date(),
): LogRequest {
  const input = Object.fromEntries(
    Object.entries(query)
      .filter(([key]) => fieldTypes.has(key))
      .map(([key, value]) => [key, decoded(fieldTypes.get(key), value)]),
  );
  const parsed = buildLogOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const causes = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: `${issue.message}, got ${JSON.stringify(input[String(issue.path[0])])}`,
    }));
    throw new ApiError(
      'BadRequest',
      `invalid BuildLogOptions: ${causes.map((c) => `${c.field}: ${c.message}`).join('; ')}`,
      { name, kind: 'BuildLogOptions', causes },
    );
  }
  const options = parsed.data;
  const errors = ruleViolations(options);
  const since = sinceOf(options, now);
  if (since && Number.isNaN(since.getTime())) {
    errors.push({ field: 'sinceTime', message: 'must be an RFC 3339 time' });
  }
  if (errors.length > 0) {
    throw ApiError.invalid('BuildLogOptions', name, errors);
  }
  return {
    follow: options.follow ?? false,
    timestamps: options.timestamps ?? false,
    tailLines: options.tailLines ?? undefined,
    limitBytes: options.limitBytes ?? undefined,
    since,
    previous: options.previous ?? false,
  };
}

function ruleViolations(o: BuildLogOptions): FieldError[] {
  const errors: FieldError[] = [];
  const wrong = (when: boolean, field: string, message: string) => {
    if (when) {
      errors.push({ field, message });
    }
  };
  wrong((o.tailLines ?? 0) < 0, 'tailLines', 'must be greater than or equal to 0');
  wrong((o.limitBytes ?? 1) < 1, 'limitBytes', 'must be greater than 0');
  wrong((o.sinceSeconds ?? 1) < 1, 'sinceSeconds', 'must be greater than 0');
  wrong(
    isGiven(o.sinceSeconds) && Boolean(o.sinceTime),
    'sinceTime',
    'at most one of sinceTime or sinceSeconds may be specified',
  );
  wrong((o.version ?? 1) < 1, 'version', 'must be greater than 0');
  wrong(o.previous === true && isGiven(o.version), 'previous', 'cannot be combined with version');
  return errors;
}

const isGiven = (value: unknown): boolean => value !== undefined && value !== null;

function sinceOf(o: BuildLogOptions, now: Date): Date | undefined {
  if (o.sinceTime) {
    return new Date(o.sinceTime);
  }
  return isGiven(o.sinceSeconds)
    ? new Date(now.getTime() - (o.sinceSeconds ?? 0) * 1000)
    : undefined;
}
