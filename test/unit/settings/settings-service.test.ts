import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/shared/errors';
import { SETTINGS_VERSION } from '../../../electron/shared/contract/settings';
import { DEFAULT_EXECUTOR_IMAGE, defaultSettings } from '../../../electron/services/settings/defaults';
import { EXECUTOR_RELEASE } from '../../../electron/shared/executor-release';
import { loadSettings, SettingsService } from '../../../electron/services/settings/settings-service';
import {
  createConfSettingsStore,
  type SettingsStore,
} from '../../../electron/services/settings/settings-store';

function memoryStore(initial: unknown = {}): SettingsStore & { doc: unknown; writes: number } {
  const s = {
    doc: initial,
    writes: 0,
    path: '(memory)',
    read: () => s.doc,
    write: (d: Record<string, unknown>) => {
      s.doc = structuredClone(d);
      s.writes += 1;
    },
  };
  return s;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kd-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings defaults', () => {
  it('pins the executor release the tests build from source, by release tag', () => {
    expect(DEFAULT_EXECUTOR_IMAGE).toBe(`${EXECUTOR_RELEASE.image}:${EXECUTOR_RELEASE.version}`);
    expect(EXECUTOR_RELEASE.version).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('starts from the documented defaults when nothing is stored', () => {
    const s = new SettingsService(memoryStore()).get();
    expect(s).toEqual({
      version: SETTINGS_VERSION,
      engineSocket: null,
      machineName: null,
      executorImage: DEFAULT_EXECUTOR_IMAGE,
      cacheRegistryImage: 'docker.io/library/registry:2',
      defaults: { registry: 'docker.io', repository: 'kaniko-nginx', tag: 'latest' },
      lastContextFolder: null,
      theme: 'system',
      preview: { hostPort: 8080, containerPort: 8080 },
      logLineLimit: 100_000,
      windowBounds: null,
      baseImageCache: true,
    });
  });
});

describe('loading stored settings', () => {
  it('migrates a version-0 file with flat keys', () => {
    const s = loadSettings({
      executor: 'localhost/kaniko:test',
      repository: 'app',
      tag: 'v2',
      hostPort: 9090,
      theme: 'dark',
    });
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.executorImage).toBe('localhost/kaniko:test');
    expect(s.defaults).toEqual({ registry: 'docker.io', repository: 'app', tag: 'v2' });
    expect(s.preview).toEqual({ hostPort: 9090, containerPort: 8080 });
    expect(s.theme).toBe('dark');
    expect(s).not.toHaveProperty('executor');
  });

  it('resets only the invalid fields (and group members) to their defaults', () => {
    const s = loadSettings({
      version: SETTINGS_VERSION,
      theme: 'purple',
      logLineLimit: -5,
      preview: { hostPort: 70000, containerPort: 3000 },
      machineName: 'dev',
      unknownKey: 'dropped',
    });
    expect(s.theme).toBe('system');
    expect(s.logLineLimit).toBe(100_000);
    expect(s.preview).toEqual({ hostPort: 8080, containerPort: 3000 });
    expect(s.machineName).toBe('dev');
    expect(s).not.toHaveProperty('unknownKey');
  });

  it('survives garbage', () => {
    expect(loadSettings('not an object')).toEqual(defaultSettings());
    expect(loadSettings(null)).toEqual(defaultSettings());
  });
});

describe('updating', () => {
  it('checks the executor image with the one reference parser and changes nothing when it is bad', () => {
    const store = memoryStore();
    const svc = new SettingsService(store);
    const initialWrites = store.writes; // the new install's label value
    for (const bad of ['a'.repeat(64), '[::1]:5000/kaniko:v1', 'Ghcr.io/X/Kaniko']) {
      expect(() => svc.update({ executorImage: bad }), bad).toThrow(
        expect.objectContaining({ code: 'VALIDATION', fields: { executorImage: expect.any(String) } }),
      );
    }
    expect(store.writes).toBe(initialWrites);
    expect(svc.update({ executorImage: 'localhost/kaniko:test' }).executorImage).toBe(
      'localhost/kaniko:test',
    );
  });

  it('checks the cache registry image the same way', () => {
    const svc = new SettingsService(memoryStore());
    expect(() => svc.update({ cacheRegistryImage: 'Bad Image' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { cacheRegistryImage: expect.any(String) } }),
    );
    expect(svc.get().cacheRegistryImage).toBe('docker.io/library/registry:2');
    expect(svc.update({ cacheRegistryImage: 'localhost/kd-registry:latest' }).cacheRegistryImage).toBe(
      'localhost/kd-registry:latest',
    );
  });

  it('merges a partial update, saves it and tells listeners old and new', () => {
    const store = memoryStore();
    const svc = new SettingsService(store);
    const initialWrites = store.writes; // the new install's label value
    const seen: [string, string][] = [];
    svc.onChange((next, prev) => seen.push([prev.defaults.tag, next.defaults.tag]));
    const s = svc.update({ defaults: { tag: 'v1' }, preview: { hostPort: 8081 } });
    expect(s.defaults).toEqual({ registry: 'docker.io', repository: 'kaniko-nginx', tag: 'v1' });
    expect(s.preview).toEqual({ hostPort: 8081, containerPort: 8080 });
    expect(store.writes).toBe(initialWrites + 1);
    expect((store.doc as { defaults: { tag: string } }).defaults.tag).toBe('v1');
    expect(seen).toEqual([['latest', 'v1']]);
  });

  it('rejects invalid values with per-field messages and changes nothing', () => {
    const store = memoryStore();
    const svc = new SettingsService(store);
    const initialWrites = store.writes;
    let err: unknown;
    try {
      svc.update({ preview: { hostPort: 0 }, theme: 'neon', defaults: { registry: 'https://bad host/' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('VALIDATION');
    expect(Object.keys(e.fields ?? {})).toEqual(
      expect.arrayContaining(['preview.hostPort', 'theme', 'defaults.registry']),
    );
    expect(store.writes).toBe(initialWrites);
    expect(svc.get()).toEqual(defaultSettings());
  });

  it('refuses a registry whose port is no TCP port', () => {
    const svc = new SettingsService(memoryStore());
    for (const registry of ['host:99999', 'host:0', '127.0.0.1:65536']) {
      expect(() => svc.update({ defaults: { registry } })).toThrow(AppError);
    }
    expect(svc.update({ defaults: { registry: '127.0.0.1:65535' } }).defaults.registry).toBe(
      '127.0.0.1:65535',
    );
  });

  it('rejects unknown keys and does not let callers overwrite the version', () => {
    const svc = new SettingsService(memoryStore());
    expect(() => svc.update({ version: 99 })).toThrow(AppError);
    expect(() => svc.update({ colour: 'red' })).toThrow(AppError);
  });

  it('get() returns a copy that callers cannot use to mutate the settings', () => {
    const svc = new SettingsService(memoryStore());
    svc.get().defaults.tag = 'mutated';
    expect(svc.get().defaults.tag).toBe('latest');
  });

  it('reset() goes back to the defaults', () => {
    const svc = new SettingsService(memoryStore());
    svc.update({ theme: 'dark', engineSocket: '/run/x.sock' });
    expect(svc.reset()).toEqual(defaultSettings());
  });
});

describe('the per-install label value', () => {
  it('is random per install, kept with the settings across restarts and resets, never a setting', () => {
    const dir = tempDir();
    const a = new SettingsService(createConfSettingsStore(dir));
    expect(a.installId).toMatch(/^[0-9a-f]{32}$/);
    a.update({ theme: 'dark' });
    a.reset();
    expect(new SettingsService(createConfSettingsStore(dir)).installId).toBe(a.installId);
    expect(new SettingsService(createConfSettingsStore(tempDir())).installId).not.toBe(a.installId);
    expect(Object.keys(a.get())).not.toContain('installId');
    expect(() => a.update({ installId: 'x' })).toThrow(AppError);
  });

  it('a stored value that is not one of ours is replaced', () => {
    const store = memoryStore({ installId: '../../etc' });
    const svc = new SettingsService(store);
    expect(svc.installId).toMatch(/^[0-9a-f]{32}$/);
    expect((store.doc as { installId: string }).installId).toBe(svc.installId);
  });
});

describe('conf-backed store (browser mode)', () => {
  it('persists settings.json (mode 0600) and reads them back in a new service', () => {
    const dir = tempDir();
    const a = new SettingsService(createConfSettingsStore(dir));
    a.update({
      theme: 'light',
      lastContextFolder: '/home/me/site',
      windowBounds: { width: 1200, height: 800 },
    });
    const file = path.join(dir, 'settings.json');
    expect(a.path).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('light');
    const b = new SettingsService(createConfSettingsStore(dir));
    expect(b.get().theme).toBe('light');
    expect(b.get().windowBounds).toEqual({ width: 1200, height: 800 });
  });

  it('keeps a hand-edited file with one bad value: only that value falls back', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ version: 1, theme: 'dark', logLineLimit: 'lots' }),
    );
    const s = new SettingsService(createConfSettingsStore(dir)).get();
    expect(s.theme).toBe('dark');
    expect(s.logLineLimit).toBe(100_000);
  });
});
