import type { Readable } from 'node:stream';
import { networkReason } from '../credentials/verify-errors';
import type { RegistryTransport } from '../credentials/registry-login';
import { nodeRequest, type PushFetch, type PushFetchInit } from './node-request';
import { pushErrors, type PushPhase } from './push-errors';
import { DEFAULT_RETRY_POLICY, networkErrorCode, retryDelay, sleep, type RetryPolicy } from './retry-policy';

export interface PushHttpOptions {
  /** Normalized registry host, for messages. */
  registry: string;
  /** Where the registry API answers, without a trailing slash. */
  base: string;
  /** Default: node:http/https with backpressure (see node-request.ts). */
  fetchImpl?: PushFetch;
  /** Cancels every request and every pause between retries. */
  signal?: AbortSignal;
  policy?: RetryPolicy;
  /** An attempt that neither sends nor receives anything for this long is dropped (and retried). */
  stallMs?: number;
  /** Masks the secret and the token in anything the registry echoes back. */
  redact: (text: string) => string;
}

/** A request body that can be opened again for each attempt; `tick` is called per chunk sent. */
export interface RequestBody {
  length: number;
  open(tick: (bytes: number) => void): Readable | Uint8Array;
}

export interface PushRequest {
  method: string;
  /** Path joined to the API base, or an absolute URL (upload locations, token realms). */
  url: string;
  phase: PushPhase;
  authorization?: string | null;
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Keep the response body (JSON errors, tokens); otherwise it is discarded at once. */
  readBody?: boolean;
  /** Before a retry: where to send the next attempt (a blob PUT goes to a fresh upload). */
  reopen?: () => Promise<string>;
}

const DEFAULT_STALL_MS = 30_000;

/**
 * The push's HTTP layer: bounded retries on 429/5xx/dropped connections, a stall watchdog per attempt,
 * cancellation through one AbortSignal, and no Authorization header sent to another origin.
 */
export class PushHttp implements RegistryTransport {
  readonly registry: string;
  readonly base: string;
  private readonly fetchImpl: PushFetch;
  private readonly policy: RetryPolicy;
  private readonly stallMs: number;

  constructor(private readonly opts: PushHttpOptions) {
    this.registry = opts.registry;
    this.base = opts.base;
    this.fetchImpl = opts.fetchImpl ?? nodeRequest;
    this.policy = opts.policy ?? DEFAULT_RETRY_POLICY;
    this.stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
  }

  send(method: string, url: string, authorization: string | null = null, readBody = false) {
    return this.request({ method, url, authorization, readBody, phase: 'login' });
  }

  expectOk(res: Response, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    throw pushErrors.failed(this.registry, 'login', `HTTP ${res.status} during ${what}`);
  }

  /** Resolves a Location header (often relative) against the API base. */
  resolve(location: string): string {
    return new URL(location, `${this.base}/`).toString();
  }

  /** The final response: 2xx, or a status retrying cannot fix. Throws when retries are used up. */
  async request(req: PushRequest): Promise<Response> {
    let url = this.resolve(req.url);
    for (let attempt = 1; ; attempt++) {
      this.throwIfCancelled();
      if (attempt > 1 && req.reopen) url = this.resolve(await req.reopen());
      let res: Response;
      try {
        res = await this.attempt(req, url);
      } catch (err) {
        this.throwIfCancelled();
        const code = (err as { name?: string }).name === 'StallError' ? 'ETIMEDOUT' : networkErrorCode(err);
        const delay = retryDelay({ networkError: code }, attempt, this.policy);
        if (delay === null) throw this.finalNetworkError(req.phase, code, err, attempt);
        await this.pause(delay);
        continue;
      }
      const delay = retryDelay(
        { status: res.status, retryAfter: res.headers.get('retry-after') },
        attempt,
        this.policy,
      );
      if (delay === null) {
        if (res.status === 429 || res.status >= 500) {
          const what = res.status === 429 ? 'rate-limited (HTTP 429)' : `HTTP ${res.status}`;
          throw pushErrors.failed(
            this.registry,
            req.phase,
            `${what} after ${attempt} attempt${attempt > 1 ? 's' : ''}`,
          );
        }
        return res;
      }
      await this.pause(delay);
    }
  }

  /** Text for a message: the registry's own error words, redacted and cut short. */
  redact(text: string): string {
    return this.opts.redact(text).slice(0, 300);
  }

  private async attempt(req: PushRequest, url: string): Promise<Response> {
    const stall = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(stallError()), this.stallMs);
    };
    tick();
    const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, stall.signal]) : stall.signal;
    const headers: Record<string, string> = { 'user-agent': 'kaniko-desktop', ...req.headers };
    const sameOrigin = new URL(url).origin === new URL(this.base).origin || req.phase === 'login';
    if (req.authorization && sameOrigin) headers.authorization = req.authorization;
    const init: PushFetchInit = { method: req.method, headers, signal };
    if (req.body) {
      headers['content-length'] = String(req.body.length);
      init.body = req.body.open(tick);
    }
    try {
      const res = await this.fetchImpl(url, init);
      if (!req.readBody || res.status === 204 || res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return new Response(null, { status: res.status, headers: res.headers });
      }
      tick();
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (err) {
      if (stall.signal.aborted && !this.opts.signal?.aborted) throw stallError();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private finalNetworkError(phase: PushPhase, code: string, err: unknown, attempts: number) {
    const tries = `after ${attempts} attempt${attempts > 1 ? 's' : ''}`;
    if (code === 'ETIMEDOUT')
      return pushErrors.timedOut(this.registry, phase, Math.round(this.stallMs / 1000));
    return pushErrors.failed(this.registry, phase, `${networkReason(err)} (${tries})`);
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, this.opts.signal);
    } catch {
      throw pushErrors.cancelled(this.registry);
    }
  }

  private throwIfCancelled(): void {
    if (this.opts.signal?.aborted) throw pushErrors.cancelled(this.registry);
  }
}

function stallError(): Error {
  const err = new Error('no progress');
  err.name = 'StallError';
  return err;
}
