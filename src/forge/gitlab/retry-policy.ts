/**
 * When to call the forge again (docs/forge.md, "Retries"): honour `Retry-After` (seconds or an
 * HTTP date), else `RateLimit-Reset` (Unix time), else exponential backoff with jitter.
 */
export interface RetryPolicy {
  /** Calls per request, the first included. */
  maxAttempts: number;
  /** First backoff step and its cap (before jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Longest total time one request may spend waiting in this process. A wait beyond it is
   * not slept: the request ends with a `retry-later` ForgeError, which the job turns into its
   * `{ retryAfterMs }` outcome (the queue waits, not a worker).
   */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxTotalWaitMs: 30_000,
};

/** `Retry-After: 2` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, in ms from `nowMs`; null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return null;
  return Math.max(0, at - nowMs);
}

/** `RateLimit-Reset: <unix seconds>`, in ms from `nowMs`; null when absent or unreadable. */
export function rateLimitResetMs(value: string | null, nowMs: number): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Math.max(0, Number(value) * 1000 - nowMs);
}

/** Backoff before call `attempt + 1`: base × 2^(attempt-1), capped, then "equal jitter" (half fixed, half random). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** The wait a 429 asks for: the server's headers first, else the backoff. */
export function throttleDelayMs(
  headers: { get(name: string): string | null },
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number = Math.random,
): { ms: number; source: 'retry-after' | 'ratelimit-reset' | 'backoff' } {
  const after = retryAfterMs(headers.get('retry-after'), nowMs);
  if (after !== null) return { ms: after, source: 'retry-after' };
  const reset = rateLimitResetMs(headers.get('ratelimit-reset'), nowMs);
  if (reset !== null) return { ms: reset, source: 'ratelimit-reset' };
  return { ms: backoffDelayMs(attempt, policy, random), source: 'backoff' };
}
