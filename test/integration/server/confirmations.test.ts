import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { BrowserServer } from '../../../electron/server/browser-server';
import { startInProcessBrowserMode, type InProcessBrowserMode } from '../../support/in-process-browser-mode';

// Browser mode: the question is asked by the server, and only the code printed in its terminal answers it.
let server: BrowserServer;
let dir: string;
let running: InProcessBrowserMode;
const terminal: string[] = [];

beforeAll(async () => {
  running = await startInProcessBrowserMode({ announce: (line) => terminal.push(line) });
  ({ server, dir } = running);
});

afterAll(() => running?.close());

interface Msg {
  id?: number;
  event?: string;
  payload?: { id: string };
  response?: { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
}

async function page() {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  const seen: Msg[] = [];
  const raw: string[] = [];
  ws.on('message', (d) => {
    raw.push(String(d));
    seen.push(JSON.parse(String(d)) as Msg);
  });
  await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  ws.send(JSON.stringify({ ready: true }));
  let next = 100;
  const waitFor = async (pred: (m: Msg) => boolean) => {
    for (let i = 0; i < 250; i++) {
      const m = seen.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('timed out');
  };
  const send = (method: string, params: unknown) => {
    const id = next++;
    ws.send(JSON.stringify({ id, method, params }));
    return id;
  };
  const call = async (method: string, params: unknown) => {
    const id = send(method, params);
    return (await waitFor((m) => m.id === id)).response;
  };
  return { ws, seen, raw, waitFor, send, call };
}

const codeIn = (text: string) => /type the code (\d{6})/.exec(text)?.[1] ?? '';

test('a tcp:// engine set by the page waits for the code printed by the server; a guess changes nothing', async () => {
  const p = await page();
  const update = p.send('settings.update', { engineSocket: 'tcp://127.0.0.1:9' });
  const question = await p.waitFor((m) => m.event === 'confirm.requested');
  const id = question.payload?.id ?? '';
  const code = codeIn(terminal.join('\n'));
  expect(code).toMatch(/^\d{6}$/);
  expect(terminal.join('\n')).toContain('tcp://127.0.0.1:9');
  expect(p.raw.join('\n')).not.toContain(code);

  const wrong = code === '123456' ? '654321' : '123456';
  expect(await p.call('confirm.answer', { id, code: wrong })).toMatchObject({
    result: { state: 'wrong-code' },
  });
  expect(await p.call('settings.get', {})).toMatchObject({
    result: { engineSocket: null },
  });
  expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).engineSocket).toBeNull();

  expect(await p.call('confirm.answer', { id, code })).toMatchObject({ result: { state: 'accepted' } });
  const done = await p.waitFor((m) => m.id === update);
  expect(done.response).toMatchObject({ ok: true, result: { engineSocket: 'tcp://127.0.0.1:9' } });
  await p.call('settings.update', { engineSocket: null });
  p.ws.close();
});

test('a declined executor image is not saved and the request fails as cancelled', async () => {
  const p = await page();
  const update = p.send('settings.update', { executorImage: 'docker.io/evil/kaniko:latest' });
  const question = await p.waitFor(
    (m) =>
      m.event === 'confirm.requested' &&
      !p.seen.some((s) => s.event === 'confirm.settled' && s.payload?.id === m.payload?.id),
  );
  expect(await p.call('confirm.answer', { id: question.payload?.id, code: null })).toMatchObject({
    result: { state: 'declined' },
  });
  expect((await p.waitFor((m) => m.id === update)).response).toMatchObject({
    ok: false,
    error: { code: 'CANCELLED' },
  });
  expect(await p.call('settings.get', {})).toMatchObject({
    result: { executorImage: expect.not.stringContaining('evil') },
  });
  p.ws.close();
});
