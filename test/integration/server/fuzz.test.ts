import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../../electron/app/create-app';
import type { BrowserServer } from '../../../electron/server/browser-server';
import { requests, type RequestName } from '../../../electron/shared/contract';
import { podmanOk } from '../../support/podman-cli';
import { startInProcessBrowserMode, type InProcessBrowserMode } from '../../support/in-process-browser-mode';

// Property-based bad payloads for every request in the contract, through the dispatcher and through the
// real browser-mode WebSocket: every one gets an error envelope, the process stays up, nothing is written.
let app: App;
let server: BrowserServer;
let dir: string;
let running: InProcessBrowserMode;
let before: string;
let containersBefore: string;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

/** Every file under the config folder with a hash of its content. */
async function snapshot(): Promise<string> {
  const names = (await readdir(dir, { recursive: true })).sort();
  const out: string[] = [];
  for (const n of names) {
    const content = await readFile(path.join(dir, n)).catch(() => null);
    out.push(`${n} ${content ? createHash('sha256').update(content).digest('hex') : 'dir'}`);
  }
  return out.join('\n');
}
const containers = () => podmanOk(['ps', '-a', '--format', '{{.ID}}']);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  running = await startInProcessBrowserMode({ announce: () => undefined });
  ({ app, server, dir } = running);
  await new Promise((r) => setTimeout(r, 500)); // let start-up writes (settings, install value) settle
  before = await snapshot();
  containersBefore = await containers();
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await running?.close();
});

/** The keys a request's params object knows (top level), so payloads hit real fields with wrong values. */
function keysOf(name: RequestName): string[] {
  const def = (requests[name].params as unknown as { _zod: { def: { shape?: Record<string, unknown> } } })
    ._zod.def;
  return Object.keys(def.shape ?? {});
}

/** Payloads the request's schema refuses: wrong types on its own keys, junk keys, non-objects. */
function badPayload(name: RequestName): fc.Arbitrary<unknown> {
  const keys = keysOf(name);
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ minLength: 70_000, maxLength: 70_100 }),
    fc.constantFrom(null, -1, 1e308, '', '../../etc/passwd', 'tcp://10.0.0.1:2375', ['ALL'], {
      __proto__: 1,
    }),
  );
  const onKeys = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), value, { minKeys: 1, maxKeys: keys.length })
    : fc.constant({});
  return fc
    .oneof(onKeys, fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('x', 42, [], true))
    .filter((p) => p !== undefined && p !== null && !requests[name].params.safeParse(p).success);
}

const names = Object.keys(requests) as RequestName[];

describe('bad payloads through the dispatcher', () => {
  test.each(names)('%s: every bad payload gets a BAD_REQUEST envelope', async (name) => {
    await fc.assert(
      fc.asyncProperty(badPayload(name), async (params) => {
        const r = await app.dispatch(name, params, { transport: 'browser' });
        expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }),
      { numRuns: 25 },
    );
  });

  test('unknown methods and junk envelopes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
        async (method, params) => {
          fc.pre(typeof method !== 'string' || !Object.hasOwn(requests, method));
          const r = await app.dispatch(method, params, { transport: 'browser' });
          expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('bad payloads through the browser-mode WebSocket', () => {
  test('every message gets an error envelope and the server keeps serving', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    const answers = new Map<number, unknown>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; response?: unknown };
      if (typeof m.id === 'number') answers.set(m.id, m.response);
    });
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    let id = 0;
    const roundTrip = async (message: string, expectId: number) => {
      ws.send(message);
      for (let i = 0; i < 500 && !answers.has(expectId); i++) await new Promise((r) => setTimeout(r, 5));
      return answers.get(expectId);
    };
    const payload = fc
      .constantFrom(...names)
      .chain((name) => badPayload(name).map((params) => ({ name, params })));
    await fc.assert(
      fc.asyncProperty(payload, async ({ name, params }) => {
        const n = ++id;
        const r = await roundTrip(JSON.stringify({ id: n, method: name, params }), n);
        expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }),
      { numRuns: 300 },
    );
    // Not JSON, or JSON without a usable id: answered with id -1.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (raw) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            parsed = undefined;
          }
          const obj = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
          fc.pre(!obj || typeof (parsed as { id?: unknown }).id !== 'number');
          fc.pre(!(obj && (parsed as { ready?: unknown }).ready === true));
          answers.delete(-1);
          expect(await roundTrip(raw, -1)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        },
      ),
      { numRuns: 200 },
    );
    ws.close();
    expect((await fetch(server.url)).status).toBe(200);
  });
});

test('the process never crashed and nothing was written: files unchanged, no containers created', async () => {
  expect(crashes).toEqual([]);
  expect(await snapshot()).toBe(before);
  expect(await containers()).toBe(containersBefore);
});
