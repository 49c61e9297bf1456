import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  networkErrorCode,
  parseRetryAfter,
  retryDelay,
  sleep,
} from '../../../electron/services/registry-push/retry-policy';

const policy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

describe('retry policy', () => {
  it('retries 5xx with doubling pauses, and stops after the last attempt', () => {
    expect([1, 2, 3].map((a) => retryDelay({ status: 503 }, a, policy))).toEqual([500, 1000, 2000]);
    expect(retryDelay({ status: 503 }, 4, policy)).toBeNull();
    for (const status of [500, 502, 504]) expect(retryDelay({ status }, 1, policy)).toBe(500);
  });

  it('never retries success or client errors (401, 403, 404, 400)', () => {
    for (const status of [200, 201, 202, 400, 401, 403, 404, 405, 501]) {
      expect(retryDelay({ status }, 1, policy)).toBeNull();
    }
  });

  it('429 honours Retry-After (seconds or a date), capped, and never waits less than the backoff', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelay({ status: 429, retryAfter: '3' }, 1, policy, now)).toBe(3000);
    expect(retryDelay({ status: 429, retryAfter: '3600' }, 1, policy, now)).toBe(10_000);
    expect(retryDelay({ status: 429, retryAfter: 'Thu, 01 Jan 2026 00:00:07 GMT' }, 1, policy, now)).toBe(
      7000,
    );
    expect(retryDelay({ status: 429, retryAfter: '0' }, 2, policy, now)).toBe(1000);
    expect(retryDelay({ status: 429, retryAfter: 'soon' }, 1, policy, now)).toBe(500);
    expect(retryDelay({ status: 429, retryAfter: '3' }, 4, policy, now)).toBeNull();
  });

  it('retries dropped connections and a restarting registry, not DNS or TLS failures', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']) {
      expect(retryDelay({ networkError: code }, 1, policy)).toBe(500);
    }
    for (const code of ['ENOTFOUND', 'CERT_HAS_EXPIRED', 'EPROTO', '']) {
      expect(retryDelay({ networkError: code }, 1, policy)).toBeNull();
    }
  });

  it('the default policy is bounded: at most 4 attempts, no pause over 10 s', () => {
    let waited = 0;
    let attempt = 1;
    for (let d; (d = retryDelay({ status: 429, retryAfter: '999' }, attempt)) !== null; attempt++)
      waited += d;
    expect(attempt).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(waited).toBe(30_000);
  });

  it('parses Retry-After and finds the error code of a fetch failure', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter(' 12 ')).toBe(12_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', Date.parse('2026-01-02T00:00:00Z'))).toBe(0);
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    });
    expect(networkErrorCode(fetchFailure)).toBe('ECONNRESET');
    expect(networkErrorCode(new Error('plain'))).toBe('');
  });

  it('a pause ends at once when the push is cancelled', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    const waiting = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await expect(waiting).rejects.toThrow('stop');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
