import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pageContext } from '../support/build-contexts';
import {
  launchChromium,
  openApp,
  saveHarnessLogin,
  startBrowserMode,
  type RunningApp,
} from '../support/e2e-app';

// The built browser-mode app in Chromium, real Podman, the real Kaniko warmer and executor: the cache's
// status reaches History and Settings, and Clear (after the confirmation) empties it.
let app: RunningApp;
let browser: Browser;
const tag = `e2ecache${Date.now()}`;

beforeAll(async () => {
  app = await startBrowserMode();
  await saveHarnessLogin(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('History shows "base image from cache"; Settings shows the cache size and clears it after asking', async () => {
  await expect
    .poll(async () => ((await app.call('engine.status', {})) as { state: string }).state, { timeout: 15_000 })
    .toBe('connected');
  const { buildId } = (await app.call('build.start', {
    contextDir: pageContext(),
    repository: 'kd-e2e/cache',
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  })) as { buildId: string };
  const result = async () => ((await app.call('history.get', { buildId })) as { result: string }).result;
  await expect.poll(result, { timeout: 90_000, interval: 500 }).not.toBe('running');
  expect(await result()).toBe('succeeded');

  const { page, errors } = await openApp(browser, app);
  await page.getByRole('link', { name: /History/ }).click();
  const table = page.getByRole('table', { name: 'Build history' });
  await expect.poll(() => table.isVisible(), { timeout: 15_000 }).toBe(true);
  await table.getByRole('button', { name: `Show the log of localhost/kd-e2e/cache:${tag}` }).click();
  const details = page.getByRole('region', { name: 'Build details' });
  await expect
    .poll(() => details.getByTestId('cache-summary').textContent(), { timeout: 10_000 })
    .toContain('base image from cache');

  await page.getByRole('link', { name: /Settings/ }).click();
  const section = page.getByTestId('base-image-cache');
  await expect.poll(() => section.isVisible(), { timeout: 15_000 }).toBe(true);
  await expect
    .poll(() => section.getByTestId('base-cache-size').textContent())
    .toMatch(/\d+(\.\d)? (kB|MB|GB)/);
  expect(await section.getByRole('checkbox', { name: 'Use it' }).isChecked()).toBe(true);
  await section.getByRole('button', { name: 'Clear the cache' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clear the base-image cache?' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await dialog.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect.poll(() => section.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Cleared/);
  expect(await section.getByTestId('base-cache-size').textContent()).toContain('Empty');
  expect(((await app.call('build.baseCache', {})) as { exists: boolean }).exists).toBe(false);

  // Off: the next plan has no cache mount.
  await section.getByRole('checkbox', { name: 'Use it' }).uncheck();
  await expect
    .poll(async () => ((await app.call('settings.get', {})) as { baseImageCache: boolean }).baseImageCache)
    .toBe(false);
  expect(errors).toEqual([]);
});
