import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeRequest } from '../../../electron/services/registry-push/node-request';

let server: http.Server | null = null;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
      if (!server) resolve();
      server = null;
    }),
);

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** 64 MiB, produced lazily: a test that buffered it would notice. */
function bigBody(): Readable {
  let left = 256;
  return new Readable({
    read() {
      this.push(left-- > 0 ? Buffer.alloc(256 * 1024, 1) : null);
    },
  });
}

const putBig = (base: string) =>
  nodeRequest(`${base}/up`, {
    method: 'PUT',
    headers: { 'content-length': String(64 * 1024 * 1024) },
    body: bigBody(),
    signal: new AbortController().signal,
  });

describe('nodeRequest', () => {
  it('sends headers and a streamed body with its Content-Length, and answers a web Response', async () => {
    const base = await serve((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => {
        res.writeHead(201, { 'x-len': req.headers['content-length'] ?? '', 'x-got': String(n) });
        res.end('{"ok":true}');
      });
    });
    const res = await putBig(base);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-len')).toBe(String(64 * 1024 * 1024));
    expect(res.headers.get('x-got')).toBe(String(64 * 1024 * 1024));
    expect(await res.json()).toEqual({ ok: true });
  });

  it('a registry that refuses before reading the body: its status comes back, not a broken pipe', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(401, { connection: 'close', 'www-authenticate': 'Basic realm="x"' });
      res.end();
    });
    const res = await putBig(base);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="x"');
  });

  it('connection errors look like fetch errors (TypeError with the system error as cause)', async () => {
    const base = await serve(() => undefined);
    const port = new URL(base).port;
    server?.close();
    await new Promise((r) => setTimeout(r, 20));
    const err = await nodeRequest(`http://127.0.0.1:${port}/`, {
      method: 'GET',
      headers: {},
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('aborting ends a hanging request at once with an AbortError', async () => {
    const base = await serve(() => undefined); // never answers
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const t0 = performance.now();
    const err = await nodeRequest(`${base}/`, { method: 'GET', headers: {}, signal: ac.signal }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('AbortError');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
