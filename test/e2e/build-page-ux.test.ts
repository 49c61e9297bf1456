import type Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_EXECUTOR_IMAGE } from '../../electron/shared/executor-release';
import { HANG_MARKER, hangingContext, pageContext } from '../support/build-contexts';
import { openApp, type RunningApp } from '../support/e2e-app';
import { startE2eSession, type E2eSession } from '../support/e2e-session';
import { inViewport, screenshot, showAs } from '../support/screenshots';

// The Build page as a newcomer meets it, in Chromium on browser mode against real Podman. The executor
// is the real Kaniko (the default image, built from source by the harness), or a missing image.
let session: E2eSession;
let app: RunningApp;
let browser: Browser;
let docker: Docker;
const tag = `ux${Date.now()}`;
const MISSING_EXECUTOR = 'localhost/kd-e2e-missing-executor:none';

beforeAll(async () => {
  session = await startE2eSession();
  ({ app, browser, docker } = session);
});

afterAll(() => session?.close([`localhost/kd-e2e/ux:${tag}`]));

async function openBuildPage(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp(browser, app);
  const form = opened.page.getByRole('form', { name: 'Build request' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  return opened;
}

const scrollMainTo = (page: Page, top: number) =>
  page.locator('main').evaluate((el, y) => (el.scrollTop = y === -1 ? el.scrollHeight : y), top);

test('executor image missing: the page says so before building, offers Pull / Load, and a build that fails before any container shows why in the log, the bar and the result, linking to Settings', async () => {
  await app.call('settings.update', { executorImage: MISSING_EXECUTOR });
  const { page, errors } = await openBuildPage();
  await showAs(page, 'laptop');
  const check = page.getByRole('region', { name: "The executor image is not in Podman's storage yet" });
  await expect.poll(() => check.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await check.textContent()).toContain(MISSING_EXECUTOR);
  expect(await check.getByRole('button', { name: 'Pull now' }).isEnabled()).toBe(true);
  expect(await check.getByRole('textbox', { name: 'Image archive file' }).isVisible()).toBe(true);
  await screenshot(page, 'build-executor-missing-1366-light');

  await page.getByRole('button', { name: 'Build', exact: true }).click();
  const status = page.getByTestId('build-status');
  await expect
    .poll(() => status.textContent(), { timeout: 60_000 })
    .toMatch(/^Build failed after \d+\.\d s: /);
  const log = page.getByRole('log', { name: 'Build log' });
  await expect
    .poll(() => log.textContent())
    .toContain(`Build failed: The executor image ${MISSING_EXECUTOR} is not available`);
  const result = page.getByTestId('build-result');
  await expect.poll(() => inViewport(page, '[data-testid="build-result"]')).toBe(true);
  expect(await inViewport(page, '[data-testid="build-actions"]')).toBe(true);
  await screenshot(page, 'build-failed-before-container-1366-light');

  // The hint names Settings: it is a link there.
  await result.getByRole('link', { name: 'Settings' }).click();
  await expect.poll(() => page.locator('#page-title').textContent()).toBe('Settings');
  expect(errors).toEqual([]);
});

test('a local-only build at 1024×700: named localhost/…, Ctrl+B starts it, the bar shows status and elapsed time, the log toolbar is reachable and Following shows the last line after the result appears', async () => {
  await app.call('settings.update', { executorImage: DEFAULT_EXECUTOR_IMAGE });
  const contextDir = pageContext(['RUN sleep 3']);
  const { page, errors } = await openBuildPage();
  await showAs(page, 'small');
  const form = page.getByRole('form', { name: 'Build request' });
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(contextDir);
  await form.getByLabel(/saved logins to pull private base images/).check();
  await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('kd-e2e/ux');
  await form.getByRole('textbox', { name: 'Tags', exact: true }).fill(tag);
  // No registry entered and local-only: Podman's localhost namespace, and the page says so.
  expect(await form.getByRole('textbox', { name: 'Registry', exact: true }).inputValue()).toBe('');
  const note = page.getByTestId('image-name-note');
  await expect
    .poll(() => note.textContent(), { timeout: 10_000 })
    .toContain(`The image will be localhost/kd-e2e/ux:${tag}.`);
  expect(await note.textContent()).toMatch(/^None chosen: a local-only image is named localhost\//);

  // The action bar stays on screen wherever the form is scrolled.
  await scrollMainTo(page, 0);
  expect(await inViewport(page, '[data-testid="build-actions"]')).toBe(true);
  const buildButton = page.getByRole('button', { name: 'Build', exact: true });
  expect(await buildButton.getAttribute('aria-keyshortcuts')).toContain('Control+B');
  await page.locator('#page-title').click();
  await page.keyboard.press('Control+b');
  const status = page.getByTestId('build-status');
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/ · [1-9]\d* s$/);
  await screenshot(page, 'build-running-1024-light');

  // Every log tool can be reached: inside the log's box and the window.
  for (const name of ['Following', 'Copy', 'Save…']) {
    const box = await page
      .getByRole('log', { name: 'Build log' })
      .locator('..')
      .getByRole('button', { name });
    const r = (await box.boundingBox())!;
    const viewer = (await page.locator('section.log-viewer').boundingBox())!;
    expect(r.x + r.width, name).toBeLessThanOrEqual(viewer.x + viewer.width);
    expect(r.x, name).toBeGreaterThanOrEqual(viewer.x);
  }

  await expect
    .poll(() => status.textContent(), { timeout: 60_000 })
    .toMatch(/^Build succeeded in \d+\.\d s$/);
  await expect.poll(() => page.getByTestId('build-result').isVisible()).toBe(true);
  // Following is on and the result panel took space from the log: the end is still in view.
  const log = page.getByRole('log', { name: 'Build log' });
  await expect
    .poll(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight), { timeout: 5_000 })
    .toBeLessThanOrEqual(4);
  expect(await page.getByRole('button', { name: 'Following' }).getAttribute('aria-pressed')).toBe('true');
  expect((await docker.getImage(`localhost/kd-e2e/ux:${tag}`).inspect()).Id).toBeTruthy();
  await screenshot(page, 'build-succeeded-1024-light');
  await showAs(page, 'small', 'dark');
  await screenshot(page, 'build-succeeded-1024-dark');
  await showAs(page, 'laptop');
  await screenshot(page, 'build-succeeded-1366-light');
  await showAs(page, 'desktop', 'dark');
  await screenshot(page, 'build-succeeded-1920-dark');
  expect(errors).toEqual([]);
});

test('the cancel toast keeps a long image name inside its text, clear of its buttons', async () => {
  await app.call('settings.update', { executorImage: DEFAULT_EXECUTOR_IMAGE });
  const contextDir = hangingContext();
  const { page } = await openBuildPage();
  await showAs(page, 'small');
  const form = page.getByRole('form', { name: 'Build request' });
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(contextDir);
  await form.getByLabel(/saved logins to pull private base images/).check();
  await form
    .getByRole('textbox', { name: 'Repository', exact: true })
    .fill('kd-e2e/a-rather-long-repository-name-for-the-toast');
  await form.getByRole('textbox', { name: 'Tags', exact: true }).fill(`cancel-${tag}`);
  await expect.poll(() => page.getByTestId('effective-caps').isVisible(), { timeout: 10_000 }).toBe(true);
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect
    .poll(() => page.getByRole('log', { name: 'Build log' }).textContent(), { timeout: 60_000 })
    .toContain(HANG_MARKER);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const toast = page.locator('.toast').filter({ hasText: 'was cancelled' });
  await expect.poll(() => toast.isVisible(), { timeout: 15_000 }).toBe(true);
  const title = (await toast.locator('.toast-text').boundingBox())!;
  const open = (await toast.getByRole('button', { name: 'Open' }).boundingBox())!;
  expect(title.x + title.width).toBeLessThanOrEqual(open.x);
  const text = toast.locator('.toast-text strong');
  expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await screenshot(page, 'cancel-toast-1024-light');
});

test('the first Tab stop is a skip link that moves focus to the page', async () => {
  const { page } = await openBuildPage();
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  expect(await focused()).toBe('Skip to content');
  expect(await inViewport(page, '.skip-link')).toBe(true);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  expect(await page.evaluate(() => location.hash)).not.toBe('#main');
});
