import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';

export interface PushFetchInit {
  method: string;
  headers: Record<string, string>;
  /** A stream is sent with backpressure: only what the socket takes is read from disk. */
  body?: Readable | Uint8Array;
  signal: AbortSignal;
}

/** The one HTTP call the push makes; tests pass a mock. Never follows redirects. */
export type PushFetch = (url: string, init: PushFetchInit) => Promise<Response>;

/**
 * A request over node:http/https answering with a web Response. Not global fetch: Node 20's fetch
 * reads a streamed request body as fast as the disk allows, whatever the socket takes, so a 500 MB
 * layer ended up in memory (measured); piping into http.request honours backpressure (~4 MB peak).
 * Errors look like fetch's (`TypeError` with the system error as `cause`), so one mapping serves both.
 */
export const nodeRequest: PushFetch = (url, init) =>
  new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(
      target,
      { method: init.method, headers: init.headers, signal: init.signal },
      (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
            headers.append(name, v);
          }
        }
        const status = res.statusCode ?? 0;
        const empty = init.method === 'HEAD' || status === 204 || status === 304;
        if (empty) res.resume();
        const body = empty
          ? null
          : (Readable.toWeb(res) as NodeWebStream<Uint8Array> as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status, headers }));
      },
    );
    req.on('error', (err: Error) => reject(asFetchError(err)));
    if (init.body instanceof Readable) {
      // A registry may answer (401, 413…) before taking the whole body; the response decides then.
      pipeline(init.body, req).catch((err: unknown) => reject(asFetchError(err as Error)));
    } else {
      req.end(init.body);
    }
  });

function asFetchError(err: Error): Error {
  if (err.name === 'AbortError') return err;
  return new TypeError('fetch failed', { cause: err });
}
