import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAdapters } from '../../../electron/app/adapters';
import { createApp, type App } from '../../../electron/app/create-app';
import type { EventMessage } from '../../../electron/shared/contract';
import { testEnv } from '../../support/test-env';

// The whole app (browser-mode adapters) against the harness's registry and Podman: requests go through the
// dispatcher, events through the hub, exactly as a renderer would see them.
const env = testEnv();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-app-creds-'));
const ctx = { transport: 'browser' as const };
const seen: EventMessage[] = [];
const answers: unknown[] = [];
let app: App;

const adapters: PlatformAdapters = {
  transport: 'browser',
  userDataDir: dir,
  encryptor: null,
  openExternal: async () => false,
};

async function call(method: string, params: unknown) {
  const env = await app.dispatch(method, params, ctx);
  answers.push(env);
  return env;
}

beforeAll(async () => {
  // No socket from the command line or environment: only the setting can lead to the engine.
  app = await createApp({ adapters, version: 'test', env: { PATH: process.env.PATH ?? '' } });
  const sub = app.hub.subscribe((m) => seen.push(m));
  sub.ready();
});
afterAll(async () => {
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('settings and credentials through the app', () => {
  it('settings.changed is sticky; the engine socket setting is used for discovery', async () => {
    expect(seen.some((m) => m.event === 'settings.changed')).toBe(true);
    const res = await call('settings.update', { engineSocket: env.podmanSocket });
    expect(res).toMatchObject({ ok: true, result: { engineSocket: env.podmanSocket } });
    const deadline = Date.now() + 15_000;
    let status = app.hub.latest('engine.status');
    while (
      !(status?.state === 'connected' && status.socketPath === env.podmanSocket) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
      status = app.hub.latest('engine.status');
    }
    expect(status).toMatchObject({ state: 'connected', source: 'setting', socketPath: env.podmanSocket });
  });

  it('an invalid update is refused with field errors', async () => {
    const res = await call('settings.update', { preview: { hostPort: 0 } });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('save, verify (right and wrong), list: the password appears in no answer, event or file', async () => {
    const saved = await call('credentials.save', {
      registry: env.registry,
      username: env.registryUser,
      secret: env.registryPass,
    });
    expect(saved).toMatchObject({ ok: true, result: { storage: 'memory' } });
    const good = await call('credentials.verify', { registry: env.registry, repository: 'kd-app/check' });
    expect(good).toMatchObject({ ok: true, result: { ok: true, canPush: true } });
    const bad = await call('credentials.verify', {
      registry: env.registry,
      username: env.registryUser,
      secret: `${env.registryPass}-wrong`,
    });
    expect(bad).toMatchObject({ ok: true, result: { ok: false, code: 'AUTH_FAILED' } });
    await call('credentials.setStorage', { storage: 'encrypted-file' });
    await call('credentials.list', {});

    const forms = [
      env.registryPass,
      Buffer.from(env.registryPass).toString('base64'),
      Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64'),
    ];
    const wire = JSON.stringify([answers, seen]);
    for (const f of forms) expect(wire).not.toContain(f);
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (!statSync(file).isFile()) continue;
      const text = readFileSync(file, 'latin1');
      for (const f of forms) expect(text.includes(f), `${name} holds a form of the password`).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(
      expect.arrayContaining(['credentials.json', 'credentials.key', 'settings.json']),
    );
  });
});
