import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Encryptor } from '../../../electron/app/adapters';
import { chooseKeychain } from '../../../electron/app/keychain';
import { Redactor } from '../../../electron/core/redactor';
import { CredentialsService } from '../../../electron/services/credentials/credentials-service';

const fake: Encryptor = {
  description: 'stand-in safeStorage',
  encrypt: (p) => Buffer.from(p),
  decrypt: (c) => c.toString(),
};

describe('which safeStorage backend counts as a keychain', () => {
  it('Linux basic_text (a fixed key) is no keychain: no encryptor, a warning, key-file fallback', () => {
    const k = chooseKeychain({ platform: 'linux', available: true, backend: 'basic_text' }, () => fake);
    expect(k.encryptor).toBeNull();
    expect(k.fallback).toBe('encrypted-file');
    expect(k.warning).toMatch(/no OS keychain/i);
    expect(k.warning).toMatch(/key file/);
  });

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('Linux %s is a keychain', (backend) => {
    const k = chooseKeychain({ platform: 'linux', available: true, backend }, () => fake);
    expect(k.encryptor).toBe(fake);
    expect(k.warning).toBeNull();
  });

  it('macOS and Windows use safeStorage when it is available', () => {
    expect(chooseKeychain({ platform: 'darwin', available: true, backend: null }, () => fake).encryptor).toBe(
      fake,
    );
    const none = chooseKeychain({ platform: 'win32', available: false, backend: null }, () => fake);
    expect(none.encryptor).toBeNull();
    expect(none.warning).toMatch(/key file/);
  });
});

describe('credentials without a keychain on the desktop', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-keychain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept in the key-file mode, and the list says why', () => {
    const k = chooseKeychain({ platform: 'linux', available: true, backend: 'basic_text' }, () => fake);
    const svc = new CredentialsService({
      dir,
      encryptor: k.encryptor,
      noKeychain: { fallback: k.fallback, warning: k.warning },
      redactor: new Redactor(),
      env: {},
    });
    const list = svc.save({ registry: 'ghcr.io', username: 'alice', secret: 'ghp_0123456789abcdef' });
    expect(list.storage).toBe('encrypted-file');
    expect(list.notice).toBe(k.warning);
    expect(readdirSync(dir).sort()).toEqual(['credentials.json', 'credentials.key']);
  });
});
