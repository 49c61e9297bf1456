import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../../../electron/app/create-app';
import { browserAdapters } from '../../../electron/server/browser-adapters';
import { startBrowserServer, type BrowserServer } from '../../../electron/server/browser-server';
import type { WsServerMessage } from '../../../electron/shared/contract';

let app: App;
let server: BrowserServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-server-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  app = await createApp({
    adapters: browserAdapters({ KANIKO_DESKTOP_CONFIG_DIR: dir }),
    version: '0.0.0-test',
    engineSocket: process.env.KANIKO_TEST_PODMAN_SOCKET ?? null,
  });
  server = await startBrowserServer({ app, staticDir: dir });
});

afterAll(async () => {
  await server?.close();
  await app?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Opens a socket and resolves with the HTTP status of a refused upgrade, or 101 when accepted. */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

function connect(): Promise<{ ws: WebSocket; messages: WsServerMessage[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  const messages: WsServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WsServerMessage));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, messages }));
    ws.on('error', reject);
  });
}

async function waitFor<T>(fn: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('browser bridge access control', () => {
  test('binds to 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('refuses a connection without the token', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api`, origin)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api?token=wrong`, origin)).toBe(401);
  });

  test('refuses a connection from another Origin even with the token', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect(await upgradeStatus(url, 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(url, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
  });

  test('accepts the token from its own Origin', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect(await upgradeStatus(url, `http://localhost:${server.port}`)).toBe(101);
  });

  test('serves pages with a strict CSP and refuses foreign Host headers', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'attacker.example' } },
        (r) => resolve(r.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(421);
  });
});

describe('requests over the bridge', () => {
  test('a malformed request gets a typed error and the server keeps serving', async () => {
    const { ws, messages } = await connect();
    ws.send('{not json');
    ws.send(JSON.stringify({ id: 1, method: 'no.such.method', params: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'app.openExternal', params: { url: 42 } }));
    ws.send(JSON.stringify({ id: 3, method: 'app.info', params: {} }));
    const byId = (id: number) =>
      messages.find((m) => 'id' in m && m.id === id) as { response: unknown } | undefined;
    expect((await waitFor(() => byId(-1))).response).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect((await waitFor(() => byId(1))).response).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect((await waitFor(() => byId(2))).response).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', fields: { url: expect.any(String) } },
    });
    expect((await waitFor(() => byId(3))).response).toMatchObject({
      ok: true,
      result: { name: 'Kaniko Desktop', transport: 'browser' },
    });
    ws.close();
  });

  test('refuses to open non-local URLs', async () => {
    const { ws, messages } = await connect();
    ws.send(
      JSON.stringify({
        id: 7,
        method: 'app.openExternal',
        params: { url: 'https://localhost.evil.example/' },
      }),
    );
    const msg = await waitFor(
      () => messages.find((m) => 'id' in m && m.id === 7) as { response: unknown } | undefined,
    );
    expect(msg.response).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    ws.close();
  });

  test('events wait until the client is ready, then the sticky engine status arrives', async () => {
    const { ws, messages } = await connect();
    await new Promise((r) => setTimeout(r, 300));
    expect(messages.filter((m) => 'event' in m)).toHaveLength(0);
    ws.send(JSON.stringify({ ready: true }));
    const status = await waitFor(() => messages.find((m) => 'event' in m && m.event === 'engine.status'));
    expect(status).toMatchObject({ event: 'engine.status', payload: { state: expect.any(String) } });
    ws.close();
  });
});
