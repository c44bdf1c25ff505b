import { ApiError } from '../http/api-error.js';
import { parseBool, parseCount } from '../http/list-query.js';

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

/**
 * BuildLogOptions from the query, validated as Kubernetes validates PodLogOptions (422 with the
 * field). `previous` is accepted and has no effect: a Kiln build runs once, so there is no
 * earlier attempt of it to show. `container`, `nowait` and `version` are not read.
 */
export function parseLogOptions(
  name: string,
  query: Record<string, unknown>,
  now = new Date(),
): LogOptions {
  const text = (key: string): string | undefined => {
    const value = query[key];
    return typeof value === 'string' ? value : undefined;
  };
  const invalid = (field: string, message: string): never => {
    throw ApiError.invalid('BuildLogOptions', name, [{ field, message }]);
  };
  const count = (key: string) => {
    const value = text(key);
    return value === undefined || value === '' ? undefined : parseSigned(key, value);
  };
  const tailLines = count('tailLines');
  const limitBytes = count('limitBytes');
  const sinceSeconds = count('sinceSeconds');
  const sinceTime = text('sinceTime');
  if (tailLines !== undefined && tailLines < 0) {
    invalid('tailLines', 'must be greater than or equal to 0');
  }
  if (limitBytes !== undefined && limitBytes < 1) {
    invalid('limitBytes', 'must be greater than 0');
  }
  if (sinceSeconds !== undefined && sinceSeconds < 1) {
    invalid('sinceSeconds', 'must be greater than 0');
  }
  if (sinceSeconds !== undefined && sinceTime) {
    invalid('sinceTime', 'at most one of sinceTime or sinceSeconds may be specified');
  }
  const since = sinceTime
    ? new Date(sinceTime)
    : sinceSeconds !== undefined
      ? new Date(now.getTime() - sinceSeconds * 1000)
      : undefined;
  if (since && Number.isNaN(since.getTime())) {
    invalid('sinceTime', 'must be an RFC 3339 time');
  }
  parseBool('previous', text('previous'));
  return {
    follow: parseBool('follow', text('follow')) ?? false,
    timestamps: parseBool('timestamps', text('timestamps')) ?? false,
    tailLines,
    limitBytes,
    since,
  };
}

function parseSigned(key: string, value: string): number {
  return value.startsWith('-') ? -parseCount(key, value.slice(1)) : parseCount(key, value);
}
