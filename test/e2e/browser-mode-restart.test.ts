import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, openApp, startBrowserMode, type RunningApp } from '../support/e2e-app';
import { screenshot, showAs } from '../support/screenshots';

// Browser mode restarted on the same port gets a new token: a tab opened before must say so, not retry forever.
// The Settings page also says which socket is in use and that it came from --socket.
let first: RunningApp | undefined;
let second: RunningApp | undefined;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await first?.stop();
  await second?.stop();
});

test('Settings shows the socket in use and that it came from --socket', async () => {
  first = await startBrowserMode();
  const { page, errors } = await openApp(browser, first);
  await page.getByRole('link', { name: /Settings/ }).click();
  const inUse = page.getByRole('region', { name: 'Podman socket in use' });
  await expect
    .poll(() => inUse.textContent(), { timeout: 15_000 })
    .toBe(
      `In use: ${process.env.KANIKO_TEST_PODMAN_SOCKET}, from the --socket option on the command line (it wins over the setting below).`,
    );
  await showAs(page, 'laptop', 'dark');
  await screenshot(page, 'settings-socket-1366-dark');
  expect(errors).toEqual([]);
  await page.close();
  await first.stop();
  first = undefined;
});

test('after a restart with a new token an old tab says to open the new address', async () => {
  first = await startBrowserMode();
  const port = Number(new URL(first.baseUrl).port);
  const oldToken = first.token;
  const { page } = await openApp(browser, first);
  await expect
    .poll(() => page.getByRole('status', { name: 'Engine' }).textContent(), { timeout: 15_000 })
    .toMatch(/^Podman /);
  await first.stop();
  first = undefined;
  second = await startBrowserMode({}, { port });
  expect(second.token).not.toBe(oldToken);
  const alert = page.getByRole('alert', { name: 'Out-of-date address' });
  await expect.poll(() => alert.isVisible(), { timeout: 20_000 }).toBe(true);
  expect(await alert.textContent()).toContain('Browser mode was restarted');
  expect(await page.locator('.status-bar').textContent()).toContain(
    'Not connected: this address is out of date',
  );
  await screenshot(page, 'browser-mode-restarted-old-tab');
  // The new address works.
  const fresh = await openApp(browser, second);
  await expect
    .poll(() => fresh.page.getByRole('status', { name: 'Engine' }).textContent(), { timeout: 15_000 })
    .toMatch(/^Podman /);
  expect(await fresh.page.getByRole('alert', { name: 'Out-of-date address' }).count()).toBe(0);
});
