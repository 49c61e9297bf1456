import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { startBrowserServer, type BrowserServer } from '../../../electron/server/browser-server';

let server: BrowserServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-hardening-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const app = {
    hub: new EventHub(new Redactor()),
    dispatch: async () => ({ ok: true as const, result: { pong: true } }),
  };
  server = await startBrowserServer({ app, staticDir: dir });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends a raw WebSocket upgrade with the given request target; resolves with the status line. */
function rawUpgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect(server.port, '127.0.0.1', () => {
      sock.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://127.0.0.1:${server.port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let data = '';
    sock.on('data', (d) => (data += d.toString()));
    sock.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    sock.on('error', reject);
  });
}

async function stillServes(): Promise<void> {
  const res = await fetch(server.url);
  expect(res.status).toBe(200);
}

test('a malformed upgrade target gets 400 and the server keeps serving', async () => {
  for (const target of ['//x:99999/api', '//[::1/api', 'http://%zz/api', '/api?token=%']) {
    expect(await rawUpgrade(target)).toMatch(/^HTTP\/1\.1 4\d\d /);
  }
  expect(await rawUpgrade('//x:99999/api')).toBe('HTTP/1.1 400 Bad Request');
  await stillServes();
});

test('a message over the size limit closes that socket only; the server keeps serving', async () => {
  const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
  const origin = `http://127.0.0.1:${server.port}`;
  const ws = new WebSocket(url, { origin });
  await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  ws.send('x'.repeat(2 * 1024 * 1024));
  expect(await closed).toBe(1009);

  const again = new WebSocket(url, { origin });
  const answer = new Promise<string>((resolve, reject) => {
    again.on('message', (d) => resolve(String(d)));
    again.on('error', reject);
  });
  await new Promise((resolve) => again.on('open', resolve));
  again.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }));
  expect(JSON.parse(await answer)).toMatchObject({ id: 1, response: { ok: true } });
  again.close();
  await stillServes();
});

test('a client that resets its socket mid-upgrade does not take the server down', async () => {
  await new Promise<void>((resolve) => {
    const sock = tcpConnect(server.port, '127.0.0.1', () => {
      sock.write(`GET /api HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n`);
      sock.resetAndDestroy();
      resolve();
    });
  });
  await new Promise((r) => setTimeout(r, 100));
  await stillServes();
});
