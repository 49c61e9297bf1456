import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { testEnv } from './test-env';

export interface RunningApp {
  /** Address with the token, as printed by the server. */
  openUrl: string;
  baseUrl: string;
  token: string;
  output: () => string;
  /** One request over the browser-mode API, as the page would send it; resolves with the result. */
  call(method: string, params: unknown): Promise<unknown>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would end it: nothing of the app's own shutdown runs. Keeps the config folder. */
  kill(): Promise<void>;
}

/**
 * Starts the BUILT browser-mode server (dist/electron/serve.js, as `npm run serve` does) against the test
 * Podman service, in a throwaway config folder.
 */
export async function startBrowserMode(
  env: NodeJS.ProcessEnv = {},
  opts: { port?: number; configDir?: string } = {},
): Promise<RunningApp> {
  // A config folder passed in belongs to the caller (e.g. to start again on the same history).
  const configDir = opts.configDir ?? (await mkdtemp(path.join(os.tmpdir(), 'kd-e2e-config-')));
  const socket = process.env.KANIKO_TEST_PODMAN_SOCKET;
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/electron/serve.js', '--port', String(opts.port ?? 0), ...(socket ? ['--socket', socket] : [])],
    {
      env: { ...process.env, KANIKO_DESKTOP_CONFIG_DIR: configDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${out}`)), 15_000);
    const check = () => {
      const m = /browser mode: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${out}`)));
  });
  const url = new URL(openUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  return {
    openUrl,
    baseUrl: `${url.protocol}//${url.host}/`,
    token,
    output: () => out,
    call: (method, params) => callOnce(url, token, method, params, () => out),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.configDir) await rm(configDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Debian's Chromium driven by playwright-core (Playwright cannot download browsers here). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the app in a fresh page and fails the test on any uncaught page error or CSP violation. */
export async function openApp(browser: Browser, app: RunningApp): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(app.openUrl);
  return { page, errors };
}

/**
 * One request as the page sends it. Should the server ask a question (e.g. a non-default executor image),
 * it answers like the user does: with the code the server printed in its own output.
 */
function callOnce(
  url: URL,
  token: string,
  method: string,
  params: unknown,
  output: () => string,
): Promise<unknown> {
  const origin = `${url.protocol}//${url.host}`;
  const ws = new WebSocket(`ws://${url.host}/api?token=${token}`, { origin });
  const codesBefore = printedCodes(output()).length;
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.send(JSON.stringify({ ready: true }));
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d)) as {
        id?: number;
        event?: string;
        payload?: { id: string; title: string };
        response?: { ok: boolean; result?: unknown };
      };
      if (msg.event === 'confirm.requested' && msg.payload) {
        const id = msg.payload.id;
        void codePrintedAfter(output, codesBefore).then((code) =>
          ws.send(JSON.stringify({ id: 2, method: 'confirm.answer', params: { id, code } })),
        );
        return;
      }
      if (msg.id !== 1) return;
      ws.close();
      if (msg.response?.ok) resolve(msg.response.result);
      else reject(new Error(JSON.stringify(msg.response)));
    });
    ws.on('error', reject);
  });
}

const printedCodes = (text: string) => [...text.matchAll(/type the code (\d{6})/g)].map((m) => m[1] ?? '');

/** The next confirmation code the server prints (its stdout may arrive just after the WebSocket event). */
async function codePrintedAfter(output: () => string, before: number): Promise<string | null> {
  for (let i = 0; i < 150; i++) {
    const codes = printedCodes(output());
    if (codes.length > before) return codes.at(-1) ?? null;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

/** Saves the harness registry's login in the app, so builds can pull the base image from it. */
export async function saveHarnessLogin(app: RunningApp): Promise<void> {
  const env = testEnv();
  await app.call('credentials.save', {
    registry: env.registry,
    username: env.registryUser,
    secret: env.registryPass,
  });
}
