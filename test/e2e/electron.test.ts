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
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.'],
      env: { ...(process.env as Record<string, string>) },
    });
    try {
      const page = await app.firstWindow();
      // No Node in the page, and the preload's one bridge object is all it sees.
      const seen = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as unknown as Record<string, object>).kanikoDesktop ?? {}).sort(),
      }));
      expect(seen).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'onEvent', 'ready'],
      });
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
