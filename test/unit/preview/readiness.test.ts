import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { waitForHttp } from '../../../electron/services/preview/readiness';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('waitForHttp', () => {
  test('resolves with the status once a server starts answering, even a 404', async () => {
    const port = await freePort();
    setTimeout(() => {
      const s = http.createServer((_q, r) => r.writeHead(404).end()).listen(port, '127.0.0.1');
      servers.push(s);
    }, 300);
    const started = Date.now();
    expect(await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 5000, intervalMs: 50 })).toBe(404);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('TIMEOUT when nothing answers', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 400 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('stops at once when aborted, with the abort reason', async () => {
    const port = await freePort();
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('container exited')), 100);
    await expect(
      waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, signal: ctl.signal }),
    ).rejects.toThrow('container exited');
  });
});
