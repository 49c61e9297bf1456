/**
 * When to try a registry request again. Pure, so the policy is tested without a registry:
 * 429 (honouring Retry-After, capped), 5xx and dropped connections are retried a bounded number of
 * times with growing pauses; everything else is final at once.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Pause before the 2nd attempt; doubles each time. */
  baseDelayMs: number;
  /** No pause (Retry-After included) is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** What came back from one attempt: an HTTP status, or a network error code (ECONNRESET…). */
export type AttemptOutcome = { status: number; retryAfter?: string | null } | { networkError: string };

/** Network failures worth another try: the connection dropped or the registry is restarting. */
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Milliseconds to wait before the next attempt, or null when the outcome is final (success, a client
 * error, or attempts used up). `attempt` counts from 1.
 */
export function retryDelay(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  now: number = Date.now(),
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  if ('networkError' in outcome) return RETRYABLE_NETWORK.has(outcome.networkError) ? backoff : null;
  if (!RETRYABLE_STATUS.has(outcome.status)) return null;
  const asked = outcome.status === 429 ? parseRetryAfter(outcome.retryAfter ?? null, now) : null;
  return asked === null ? backoff : Math.min(Math.max(asked, backoff), policy.maxDelayMs);
}

/** Retry-After as delta-seconds or an HTTP date → milliseconds from now (never negative); null if absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The error code of a fetch failure (undici puts it on `cause`), or '' when there is none. */
export function networkErrorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } } | null;
  const code = e?.cause?.code ?? e?.cause?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

/** Waits `ms`, or rejects at once with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
