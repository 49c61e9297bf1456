import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { _electron as electron } from 'playwright-core';

/** The Electron binary, where one can be had (it is downloaded lazily and cannot be on offline machines). */
function electronBinary(): string | null {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const binary = electronBinary();
if (!binary)
  console.log(
    'skipped: no Electron binary (the desktop window tests need one; browser mode covers the rest)',
  );

test.skipIf(!binary)(
  'the desktop window loads with the security baseline and shows the engine status',
  async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env } });
    try {
      const page = await app.firstWindow();
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        const p = w.webContents.getLastWebPreferences();
        return {
          contextIsolation: p?.contextIsolation,
          sandbox: p?.sandbox,
          nodeIntegration: p?.nodeIntegration,
        };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      await expect
        .poll(() => page.getByRole('status', { name: 'Engine' }).textContent(), { timeout: 15_000 })
        .toMatch(/Podman/);
      // Navigation away and new windows are refused.
      await page.evaluate(() => window.open('https://example.com/'));
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  },
);
