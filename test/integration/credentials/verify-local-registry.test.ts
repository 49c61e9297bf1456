import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import { CredentialsService } from '../../../electron/services/credentials/credentials-service';
import { verifyCredentials } from '../../../electron/services/credentials/verify';
import { freePort } from '../../support/local-registry';
import { testEnv } from '../../support/test-env';
import { expectAppError } from '../../support/expect-app-error';

// The harness's real docker-registry (distribution 2.8) on 127.0.0.1 with htpasswd (bcrypt) Basic auth.
const env = testEnv();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify against a real htpasswd registry', () => {
  it('accepts the right pair and proves push rights with a cancelled blob upload', async () => {
    const r = await verifyCredentials({
      registry: env.registry,
      username: env.registryUser,
      secret: env.registryPass,
      repository: 'kd-verify/app:latest',
    });
    expect(r).toMatchObject({ registry: env.registry, canPush: true, anonymous: false });
    expect(r.message).toBe(
      `Logged in to ${env.registry} as ${env.registryUser} and may push to kd-verify/app.`,
    );
  });

  it('login only (no repository): canPush stays unknown', async () => {
    const r = await verifyCredentials({
      registry: env.registry,
      username: env.registryUser,
      secret: env.registryPass,
    });
    expect(r.canPush).toBeNull();
  });

  it('reports a wrong password clearly, within 2 s', async () => {
    const t0 = performance.now();
    const e = await expectAppError(
      verifyCredentials({
        registry: env.registry,
        username: env.registryUser,
        secret: `${env.registryPass}x`,
      }),
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe(`${env.registry} rejected the username or password/token.`);
    expect(e.hint).toMatch(/Check the username and password/);
    expect(e.message + (e.hint ?? '')).not.toContain(env.registryPass);
  });

  it('reports a wrong username the same way', async () => {
    const e = await expectAppError(
      verifyCredentials({ registry: env.registry, username: 'nobody', secret: env.registryPass }),
    );
    expect(e.code).toBe('AUTH_FAILED');
  });

  it('reports an unreachable registry', async () => {
    const port = await freePort();
    const e = await expectAppError(
      verifyCredentials({ registry: `127.0.0.1:${port}`, username: 'u', secret: 'password1' }),
    );
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toBe(
      `Cannot reach 127.0.0.1:${port}: connection refused (nothing listens on that port).`,
    );
  });
});

describe('the credentials service on the real registry', () => {
  const svc = new CredentialsService({ dir, encryptor: null, redactor: new Redactor(), env: {} });

  it('Verify of a saved credential marks it verified; a push build check passes', async () => {
    svc.save({ registry: env.registry, username: env.registryUser, secret: env.registryPass });
    const outcome = await svc.verify({ registry: env.registry, repository: 'kd-verify/app' });
    expect(outcome).toMatchObject({ ok: true, canPush: true });
    expect(svc.list().entries[0]?.verifiedAt).toBe(outcome.checkedAt);
    await expect(svc.verifySaved(env.registry, 'kd-verify/app')).resolves.toMatchObject({ canPush: true });
  });

  it('a wrong saved password stops a push build before it starts, within 2 s', async () => {
    svc.save({ registry: env.registry, username: env.registryUser, secret: 'definitely-wrong' });
    const t0 = performance.now();
    const e = await expectAppError(svc.verifySaved(env.registry, 'kd-verify/app'));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('AUTH_FAILED');
    const outcome = await svc.verify({ registry: env.registry });
    expect(outcome).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });
});

describe('verified state across Verify and Save (CredentialsService, real registry)', () => {
  const service = () =>
    new CredentialsService({
      dir: mkdtempSync(path.join(dir, 'svc-')),
      encryptor: null,
      redactor: new Redactor(),
      env: {},
    });

  it('Verify of typed credentials, then Save of exactly those: the entry is verified at once', async () => {
    const svc = service();
    const typed = { registry: env.registry, username: env.registryUser, secret: env.registryPass };
    const outcome = await svc.verify(typed);
    expect(outcome.ok).toBe(true);
    const [entry] = svc.save(typed).entries;
    expect(entry?.verifiedAt).toBe(outcome.checkedAt);
    // Verifying the saved entry again updates the time the list shows.
    const again = await svc.verify({ registry: env.registry });
    expect(svc.list().entries[0]?.verifiedAt).toBe(again.checkedAt);
  });

  it('Save without a token keeps the stored one (and the verified state while nothing changed)', async () => {
    const svc = service();
    svc.save({ registry: env.registry, username: env.registryUser, secret: env.registryPass });
    await svc.verify({ registry: env.registry });
    const verifiedAt = svc.list().entries[0]?.verifiedAt;
    expect(verifiedAt).not.toBeNull();
    const kept = svc.save({ registry: env.registry, username: env.registryUser });
    expect(kept.entries[0]?.verifiedAt).toBe(verifiedAt);
    expect(svc.getAuth(env.registry)).toEqual({ username: env.registryUser, secret: env.registryPass });
    // Another username with the kept token is a new, unverified pair.
    svc.save({ registry: env.registry, username: 'someone-else' });
    expect(svc.list().entries[0]?.verifiedAt).toBeNull();
    expect(svc.getAuth(env.registry)?.secret).toBe(env.registryPass);
  });

  it('Save without a token for a registry with none saved is a field error that changes nothing', async () => {
    const svc = service();
    const err = await expectAppError(
      Promise.resolve().then(() => svc.save({ registry: 'ghcr.io', username: 'alice' })),
    );
    expect(err.code).toBe('VALIDATION');
    expect(err.fields).toEqual({ secret: 'Enter a token or password.' });
    expect(svc.list().entries).toEqual([]);
  });
});
