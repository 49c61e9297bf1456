import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Encryptor } from '../../../electron/app/adapters';
import { Redactor } from '../../../electron/core/redactor';
import { CredentialsService } from '../../../electron/services/credentials/credentials-service';
import { FileKeyEncryptor } from '../../../electron/services/credentials/file-key-encryptor';
import { SettingsService } from '../../../electron/services/settings/settings-service';
import { createConfSettingsStore } from '../../../electron/services/settings/settings-store';

/** Test encryptor standing in for Electron safeStorage (which needs the Electron binary). */
function standInKeychain(seed: string): Encryptor {
  const key = createHash('sha256').update(seed).digest();
  return {
    description: 'test keychain (stand-in for safeStorage)',
    encrypt: (plain) => {
      const iv = randomBytes(16);
      const c = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    },
    decrypt: (data) => {
      const d = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
      return Buffer.concat([d.update(data.subarray(16)), d.final()]).toString('utf8');
    },
  };
}

const USER = 'alice';
const TOKEN = 'dckr_pat_Kq9vTestTokenValue_0123456789';
const FORBIDDEN = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(`${USER}:${TOKEN}`).toString('base64'),
  Buffer.from(TOKEN).toString('hex'),
];

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kd-creds-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every file under dir, as text, must be free of the token in any of its encodings. */
function expectNoSecretOnDisk(dir: string): void {
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const text = readFileSync(file).toString('latin1');
    for (const f of FORBIDDEN) expect(text.includes(f), `${name} contains a form of the token`).toBe(false);
  }
}

function service(dir: string, encryptor: Encryptor | null, env: NodeJS.ProcessEnv = {}) {
  const redactor = new Redactor();
  return {
    redactor,
    svc: new CredentialsService({ dir, encryptor, redactor, env, now: () => 1_767_000_000_000 }),
  };
}

describe('desktop: secrets encrypted with the keychain encryptor', () => {
  it('writes credentials.json (0600) without the token in any form, and reads it back', () => {
    const dir = tempDir();
    const keychain = standInKeychain('machine-1');
    const { svc } = service(dir, keychain);
    const list = svc.save({ registry: 'docker.io', username: USER, secret: TOKEN });
    expect(list.storage).toBe('keychain');
    const file = path.join(dir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(USER);
    // The settings file lives in the same folder: it must not learn the token either.
    new SettingsService(createConfSettingsStore(dir)).update({ theme: 'dark' });
    expectNoSecretOnDisk(dir);

    const again = service(dir, keychain);
    expect(again.svc.getAuth('index.docker.io')).toEqual({ username: USER, secret: TOKEN });
    // Loaded secrets are registered with the redactor at once.
    expect(again.redactor.redact(`pushing with ${TOKEN}`)).not.toContain(TOKEN);
  });

  it('reports entries it cannot decrypt instead of failing', () => {
    const dir = tempDir();
    service(dir, standInKeychain('machine-1')).svc.save({
      registry: 'ghcr.io',
      username: USER,
      secret: TOKEN,
    });
    const other = service(dir, standInKeychain('machine-2')).svc.list();
    expect(other.entries).toEqual([]);
    expect(other.notice).toMatch(/ghcr\.io/);
    expect(other.canChangeStorage).toBe(false);
  });
});

describe('browser mode: memory unless the user opts into an encrypted file', () => {
  it('keeps secrets in memory only by default: nothing is written', () => {
    const dir = tempDir();
    const { svc } = service(dir, null);
    const list = svc.save({ registry: '127.0.0.1:5000', username: USER, secret: TOKEN });
    expect(list.storage).toBe('memory');
    expect(list.canChangeStorage).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(svc.getAuth('127.0.0.1:5000')?.secret).toBe(TOKEN);
    expect(service(dir, null).svc.list().entries).toEqual([]);
  });

  it('opting in writes an AES-256-GCM file plus a 0600 key file, loaded again on restart', () => {
    const dir = tempDir();
    const { svc } = service(dir, null);
    svc.save({ registry: 'quay.io', username: USER, secret: TOKEN });
    const list = svc.setStorage('encrypted-file');
    expect(list.storage).toBe('encrypted-file');
    expect(statSync(path.join(dir, 'credentials.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expectNoSecretOnDisk(dir);

    const restarted = service(dir, null).svc;
    expect(restarted.list().storage).toBe('encrypted-file');
    expect(restarted.getAuth('quay.io')?.secret).toBe(TOKEN);

    restarted.setStorage('memory');
    expect(existsSync(path.join(dir, 'credentials.json'))).toBe(false);
    expect(restarted.getAuth('quay.io')?.secret).toBe(TOKEN); // still usable in this session
  });

  it('the key file encryptor authenticates its data', () => {
    const dir = tempDir();
    const enc = new FileKeyEncryptor(dir);
    const c = enc.encrypt(TOKEN);
    expect(enc.decrypt(c)).toBe(TOKEN);
    expect(c.includes(Buffer.from(TOKEN))).toBe(false);
    const tampered = Buffer.from(c);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    expect(() => enc.decrypt(tampered)).toThrow();
    expect(new FileKeyEncryptor(dir).decrypt(c)).toBe(TOKEN); // same key file, same key
  });
});

describe('what the renderer gets', () => {
  it('a masked hint that is the same whatever the secret, and never part of it', () => {
    const { svc } = service(tempDir(), null);
    svc.save({ registry: 'docker.io', username: USER, secret: TOKEN });
    const list = svc.save({ registry: 'ghcr.io', username: USER, secret: 'short123' });
    const [a, b] = list.entries;
    expect(a?.hint).toBe(b?.hint);
    expect(a?.hint).toMatch(/^•••• saved \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const json = JSON.stringify(list);
    for (const f of [...FORBIDDEN, 'short123', TOKEN.slice(-4)]) expect(json).not.toContain(f);
  });

  it('refuses a secret too short to redact, with a field error, and saves nothing', () => {
    const dir = tempDir();
    const { svc } = service(dir, standInKeychain('k'));
    let caught: unknown;
    try {
      svc.save({ registry: 'ghcr.io', username: USER, secret: 'abc1234' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      code: 'VALIDATION',
      fields: { secret: expect.stringMatching(/at least 8/) },
    });
    expect(svc.list().entries).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an e-mail address as Docker Hub username', () => {
    const { svc } = service(tempDir(), null);
    expect(() => svc.save({ registry: 'docker.io', username: 'alice@example.com', secret: TOKEN })).toThrow(
      /Docker ID/,
    );
  });

  it('builds config.json with only the target registry', () => {
    const { svc } = service(tempDir(), null);
    svc.save({ registry: 'docker.io', username: USER, secret: TOKEN });
    svc.save({ registry: 'ghcr.io', username: 'bob', secret: 'ghp_other_secret' });
    const cfg = JSON.parse(svc.dockerConfigJson('ghcr.io').toString());
    expect(Object.keys(cfg.auths)).toEqual(['ghcr.io']);
    expect(JSON.stringify(cfg)).not.toContain(Buffer.from(`${USER}:${TOKEN}`).toString('base64'));
    const hub = JSON.parse(svc.dockerConfigJson('docker.io').toString());
    expect(Object.keys(hub.auths)).toEqual(['https://index.docker.io/v1/']);
  });
});

describe('environment import', () => {
  const env = { DOCKER_HUB_USERNAME: USER, DOCKER_HUB_KANIKO_PAT: TOKEN };

  it('offers, then imports DOCKER_HUB_USERNAME / DOCKER_HUB_KANIKO_PAT for docker.io', () => {
    const { svc, redactor } = service(tempDir(), null, env);
    // Registered before anything else happens, so an early log line cannot leak it.
    expect(redactor.redact(TOKEN)).not.toContain(TOKEN);
    expect(svc.envStatus()).toEqual({ available: true, username: USER, imported: false });
    expect(svc.envImport()).toEqual({ available: true, username: USER, imported: true });
    expect(svc.list().entries).toMatchObject([{ registry: 'docker.io', username: USER, source: 'env' }]);
    expect(JSON.stringify(svc.envStatus())).not.toContain(TOKEN);
  });

  it('says so when the variables are missing', () => {
    const { svc } = service(tempDir(), null, { DOCKER_HUB_USERNAME: USER });
    expect(svc.envStatus().available).toBe(false);
    expect(() => svc.envImport()).toThrow(/DOCKER_HUB_KANIKO_PAT/);
  });
});
