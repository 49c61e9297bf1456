import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openApp, startBrowserMode, type RunningApp } from '../support/e2e-app';

const PAGES = [
  ['build', 'Build'],
  ['machine', 'Machine'],
  ['registries', 'Registries'],
  ['previews', 'Previews'],
  ['history', 'History'],
  ['kubernetes', 'Kubernetes'],
  ['settings', 'Settings'],
] as const;

const SCREENSHOTS = path.resolve('test-results/screenshots');

let app: RunningApp;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  app = await startBrowserMode();
  browser = await launchChromium();
  ({ page, errors } = await openApp(browser, app));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

// The shell's page title (pages may have headings of their own).
const heading = () => page.locator('#page-title');

test('the status bar shows the connected engine, its mode and socket', async () => {
  const status = page.getByRole('status', { name: 'Engine' });
  await expect
    .poll(() => status.textContent(), { timeout: 15_000 })
    .toMatch(/^Podman \d+\.\d+\.\d+ · root(less|ful)/);
  const expected = process.env.KANIKO_TEST_ROOTLESS === '1' ? 'rootless' : 'rootful';
  expect(await status.textContent()).toContain(expected);
  expect(await status.textContent()).toContain(process.env.KANIKO_TEST_PODMAN_SOCKET ?? '');
  // Connected: no Reconnect button to press.
  expect(await page.getByRole('button', { name: 'Reconnect' }).count()).toBe(0);
});

test('every page is reachable with Ctrl+1..7 and gets a screenshot', async () => {
  for (const [i, [id, label]] of PAGES.entries()) {
    await page.keyboard.press(`Control+${i + 1}`);
    await expect.poll(() => heading().textContent()).toBe(label);
    const link = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label });
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(new URL(page.url()).hash).toBe(`#/${id}`);
    await page.waitForTimeout(300); // let a lazily loaded page settle before the picture
    await page.screenshot({ path: path.join(SCREENSHOTS, `${id}.png`) });
  }
});

test('the sidebar works with Tab, arrow keys and Enter alone', async () => {
  await page.keyboard.press('Control+1');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('link', { name: 'Build' }).focus();
  for (const [, label] of PAGES.slice(1)) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading().textContent()).toBe(label);
  }
  // Wraps around to the top.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => heading().textContent()).toBe('Build');
  // Back/forward history follows the pages.
  await page.goBack();
  await expect.poll(() => heading().textContent()).toBe('Settings');
});

test('the task centre opens from the status bar and closes again', async () => {
  const toggle = page.getByRole('button', { name: /^(No tasks|\d+ tasks?) running$/ });
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await toggle.click();
  const centre = page.getByRole('complementary', { name: 'Tasks' });
  await centre.waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'task-centre.png') });
  await centre.getByRole('button', { name: 'Close tasks' }).click();
  await centre.waitFor({ state: 'detached' });
});

test('the theme follows the OS and can be overridden', async () => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  expect(dark).not.toBe(light);
  const select = page.getByRole('navigation', { name: 'Pages' }).getByRole('combobox', { name: 'Theme' });
  await select.selectOption('dark');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await bg()).toBe(dark);
  await page.keyboard.press('Control+1');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'build-dark.png') });
  await select.selectOption('system');
  expect(await bg()).toBe(light);
});

test('no page error or CSP violation happened along the way', () => {
  expect(errors).toEqual([]);
});
