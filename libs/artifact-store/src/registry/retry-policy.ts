/** How long and how often a registry call is retried after transient failures. */
export type RetryPolicy = {
  /** Total time spent retrying one call before giving up (default 10 s). */
  budgetMs: number;
  /** First backoff delay; it doubles per attempt up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {
  budgetMs: 10_000,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
};

const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Connection-level failures worth another try; anything else (a bug, a bad URL) fails at once. */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && transientCodes.has(code);
}

export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Exponential backoff with jitter (so that many workers do not retry in step). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
