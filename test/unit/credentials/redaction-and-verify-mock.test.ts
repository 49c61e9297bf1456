import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialsHandlers } from '../../../electron/app/handlers/credentials';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatcher';
import { Redactor } from '../../../electron/core/redactor';
import { CredentialsService } from '../../../electron/services/credentials/credentials-service';
import { verifyCredentials } from '../../../electron/services/credentials/verify';
import { AppError } from '../../../electron/shared/errors';

const USER = 'alice';
const SECRET = 'hunter2-but-longer-Zx81';
const ctx = { transport: 'browser' as const };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A mock registry (fetch-level) whose error details echo what it was sent, to prove redaction catches it. */
function echoingMockFetch(): typeof fetch {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('authorization');
    if (!auth) {
      return new Response('{}', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="http://127.0.0.1:5999/token",service="mock"' },
      });
    }
    const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString();
    return new Response(JSON.stringify({ details: `bad login ${decoded} (${auth})` }), { status: 401 });
  }) as typeof fetch;
}

function setup(fetchImpl: typeof fetch) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-redact-'));
  dirs.push(dir);
  const redactor = new Redactor();
  const svc = new CredentialsService({ dir, encryptor: null, redactor, env: {}, fetchImpl });
  const dispatch = createDispatcher(credentialsHandlers(svc) as Handlers, redactor);
  return { redactor, svc, dispatch };
}

describe('redaction of credentials', () => {
  it('the Redactor masks a secret, its base64 and base64(user:secret)', () => {
    const r = new Redactor();
    r.add(SECRET, { username: USER });
    const text = `a ${SECRET} b ${Buffer.from(SECRET).toString('base64')} c ${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`;
    const out = r.redact(text);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(out).not.toContain(Buffer.from(`${USER}:${SECRET}`).toString('base64'));
    expect(out.match(/••••••/g)).toHaveLength(3);
  });

  it('a secret typed into Verify is registered before any request is made, so echoed errors are masked', async () => {
    const { dispatch } = setup(echoingMockFetch());
    const env = await dispatch(
      'credentials.verify',
      { registry: '127.0.0.1:5999', username: USER, secret: SECRET },
      ctx,
    );
    const json = JSON.stringify(env);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(Buffer.from(`${USER}:${SECRET}`).toString('base64'));
    expect(env).toMatchObject({ ok: true, result: { ok: false, code: 'AUTH_FAILED' } });
    // The echo did reach the message, masked.
    expect(json).toContain('bad login');
    expect(json).toContain('••••••');
  });

  it('errors from save (validation) and the saved list never carry the secret', async () => {
    const { dispatch } = setup(echoingMockFetch());
    const bad = await dispatch(
      'credentials.save',
      { registry: 'docker.io', username: 'a@b.c', secret: SECRET },
      ctx,
    );
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain(SECRET);
    const good = await dispatch(
      'credentials.save',
      { registry: 'ghcr.io', username: USER, secret: SECRET },
      ctx,
    );
    expect(good.ok).toBe(true);
    expect(JSON.stringify(good)).not.toContain(SECRET);
    const list = await dispatch('credentials.list', {}, ctx);
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });
});

describe('verify edge cases (mock fetch)', () => {
  it('gives up after the time limit with TIMEOUT', async () => {
    const hanging = ((_u: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const t0 = Date.now();
    const err = await verifyCredentials({
      registry: 'registry.example.com',
      username: USER,
      secret: SECRET,
      fetchImpl: hanging,
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('refuses to send credentials to a plain-http token realm of a remote registry', async () => {
    const sent: string[] = [];
    const mock = (async (url: string | URL | Request) => {
      sent.push(String(url));
      return new Response('{}', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="x"' },
      });
    }) as typeof fetch;
    const err = await verifyCredentials({
      registry: 'registry.example.com',
      username: USER,
      secret: SECRET,
      fetchImpl: mock,
    }).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/not https/);
    expect(sent).toEqual(['https://registry.example.com/v2/']);
  });

  it('explains a refused connection', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const err = await verifyCredentials({
      registry: '127.0.0.1:1',
      username: USER,
      secret: SECRET,
      fetchImpl: refused,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/connection refused/) });
  });
});
