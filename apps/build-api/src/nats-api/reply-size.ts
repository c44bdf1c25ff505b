import { ApiError } from '../http/api-error.js';

/** NATS' own default, for a connection that has not (yet) said what its server allows. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * The reply, if it fits in one NATS message as the responder sends it (`{"ok":true,"reply":…}`).
 * A larger one could not be published at all, so the caller is told instead how to ask for less.
 */
export function fitting<T>(reply: T, maxPayload: number): T {
  const size = Buffer.byteLength(JSON.stringify({ ok: true, reply }));
  if (size > maxPayload) {
    throw new ApiError(
      'BadRequest',
      `the reply would be more than the ${maxPayload} bytes a NATS message may carry: ask for ` +
        'less (a list with limit, a log with tailLines or limitBytes)',
    );
  }
  return reply;
}
