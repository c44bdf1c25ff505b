import type { Status } from '@kiln/build-types';

/** A non-2xx answer from the API, carrying the Kubernetes `Status` when the server sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly status: Status,
  ) {
    super(describeStatus(status, code));
  }

  get reason(): string | undefined {
    return this.status.reason ?? undefined;
  }

  get isNotFound(): boolean {
    return this.code === 404;
  }
}

/** The API could not be reached at all (refused, unknown host, reset). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/**
 * One readable line for a failed call: the field causes when there are any (that is where the
 * fix goes), else the server's message, else the HTTP code.
 */
export function describeStatus(status: Status, code: number): string {
  const causes = (status.details?.causes ?? []).filter((c) => c.message || c.field);
  if (causes.length > 0) {
    return causes
      .map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? 'invalid'}` : c.message))
      .join('; ');
  }
  if (status.message) {
    return status.message;
  }
  return status.reason ? `${status.reason} (HTTP ${code})` : `the server answered HTTP ${code}`;
}

/** Reads an error body as a Status; anything else (HTML from a proxy, text) becomes its message. */
export function statusFromBody(text: string, code: number, statusText: string): Status {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const status = parsed as Status;
      if (status.kind === 'Status' || status.message !== undefined) {
        return status;
      }
    }
  } catch {
    // not JSON: fall through to the text
  }
  const snippet = text.trim().split('\n')[0]?.slice(0, 200);
  return {
    kind: 'Status',
    status: 'Failure',
    code,
    message: snippet ? `HTTP ${code} ${statusText}: ${snippet}` : `HTTP ${code} ${statusText}`,
  };
}
