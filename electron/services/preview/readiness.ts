import http from 'node:http';
import { AppError } from '../../shared/errors';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Pause between attempts; short, because the page should open within a few seconds of start. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls `url` until it answers with any HTTP status (a 404 or 500 still means the server is up).
 * Rejects with TIMEOUT after `timeoutMs`, or with the signal's reason when aborted (e.g. the
 * container exited, or the user cancelled).
 */
export async function waitForHttp(url: string, opts: WaitForHttpOptions): Promise<number> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  for (;;) {
    opts.signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new AppError(
        'TIMEOUT',
        `Nothing answered on ${url} within ${Math.round(opts.timeoutMs / 1000)} s.`,
      );
    }
    const status = await probe(url, Math.min(1000, remaining), opts.signal);
    if (status !== null) return status;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), opts.signal);
  }
}

function probe(url: string, timeoutMs: number, signal?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, signal, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    // Refused, reset (port forwarder up, server not yet) or aborted: not ready.
    req.on('error', () => resolve(null));
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
