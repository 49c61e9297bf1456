import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_EXECUTOR_IMAGE } from '../../electron/shared/executor-release';
import { pageContext } from '../support/build-contexts';
import { openApp, type RunningApp } from '../support/e2e-app';
import { startE2eSession, type E2eSession } from '../support/e2e-session';
import { screenshot, showAs } from '../support/screenshots';
import { testEnv } from '../support/test-env';

// Registries against the harness's real htpasswd registry; History with real builds (the real Kaniko).
let session: E2eSession;
let app: RunningApp;
let browser: Browser;
const tag = `hist${Date.now()}`;

beforeAll(async () => {
  // The Registries test starts from no saved login; the History test saves one itself.
  session = await startE2eSession({ saveRegistryLogin: false });
  ({ app, browser } = session);
});

afterAll(() => session?.close([`localhost/kd-e2e/hist:${tag}`]));

test('Registries: Verify then Save shows "verified" at once; saving an unchanged entry keeps the stored token calmly', async () => {
  const env = testEnv();
  const { page, errors } = await openApp(browser, app);
  await showAs(page, 'laptop');
  await page.getByRole('link', { name: /Registries/ }).click();
  const form = page.getByRole('form', { name: 'Registry credentials' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByLabel('Registry', { exact: true }).fill(env.registry);
  await form.getByLabel('Username').fill(env.registryUser);
  await form.getByLabel('Token or password').fill(env.registryPass);
  await form.getByLabel('Check push to').fill('');
  await form.getByRole('button', { name: 'Verify' }).click();
  await expect.poll(() => form.textContent(), { timeout: 15_000 }).toContain(`Logged in to ${env.registry}`);
  await form.getByRole('button', { name: 'Save' }).click();
  const row = page.getByRole('list', { name: 'Saved registry credentials' }).getByRole('listitem');
  await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('verified');
  expect(await row.textContent()).not.toContain('not verified yet');

  // Edit, change nothing, Save: the stored token is kept, no red error.
  await row.getByRole('button', { name: /^Edit \/ Verify/ }).click();
  await form.getByRole('button', { name: 'Save' }).click();
  const note = page.getByRole('status').filter({ hasText: 'the stored token was kept' });
  await expect
    .poll(() => note.textContent(), { timeout: 10_000 })
    .toBe(`Saved ${env.registry}; the stored token was kept.`);
  expect(await page.locator('.field-error:visible').count()).toBe(0);
  expect(await row.textContent()).toContain('verified');
  expect(await row.textContent()).not.toContain('not verified yet');
  await screenshot(page, 'registries-saved-1366-light');
  await showAs(page, 'small', 'dark');
  await screenshot(page, 'registries-saved-1024-dark');
  expect(errors).toEqual([]);
});

test('History: result badges differ by result; the log opens right under the table', async () => {
  await app.call('settings.update', { executorImage: DEFAULT_EXECUTOR_IMAGE });
  const env = testEnv();
  await app.call('credentials.save', {
    registry: env.registry,
    username: env.registryUser,
    secret: env.registryPass,
  });
  await expect
    .poll(async () => ((await app.call('engine.status', {})) as { state: string }).state, { timeout: 15_000 })
    .toBe('connected');
  const ok = (await app.call('build.start', {
    contextDir: pageContext(),
    repository: 'kd-e2e/hist',
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  })) as {
    buildId: string;
  };
  const result = async (buildId: string) =>
    ((await app.call('history.get', { buildId })) as { result: string }).result;
  await expect.poll(() => result(ok.buildId), { timeout: 90_000, interval: 500 }).not.toBe('running');
  expect(await app.call('history.get', { buildId: ok.buildId })).toMatchObject({ result: 'succeeded' });
  await app.call('settings.update', { executorImage: 'localhost/kd-e2e-missing-executor:none' });
  const bad = (await app.call('build.start', {
    repository: 'kd-e2e/hist',
    tags: ['bad'],
    mode: 'local',
  })) as {
    buildId: string;
  };
  await expect.poll(() => result(bad.buildId), { timeout: 60_000, interval: 500 }).toBe('failed');

  const { page, errors } = await openApp(browser, app);
  await showAs(page, 'laptop');
  await page.getByRole('link', { name: /History/ }).click();
  const table = page.getByRole('table', { name: 'Build history' });
  await expect.poll(() => table.isVisible(), { timeout: 15_000 }).toBe(true);
  const colour = (name: string) =>
    table
      .locator('.badge', { hasText: new RegExp(`^${name}$`) })
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
  const succeeded = await colour('Succeeded');
  const failed = await colour('Failed');
  expect(succeeded).not.toBe(failed);
  expect(succeeded).not.toBe(
    await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor),
  );

  // A build that failed before any container has its reason in its history log too.
  await table.getByRole('button', { name: 'Show the log of localhost/kd-e2e/hist:bad' }).click();
  await expect
    .poll(() => page.getByRole('region', { name: 'Build details' }).getByRole('log').textContent(), {
      timeout: 10_000,
    })
    .toContain('Build failed: The executor image localhost/kd-e2e-missing-executor:none is not available');
  await table.getByRole('button', { name: `Show the log of localhost/kd-e2e/hist:${tag}` }).click();
  const details = page.getByRole('region', { name: 'Build details' });
  await expect.poll(() => details.isVisible()).toBe(true);
  const tableBox = (await table.boundingBox())!;
  const logBox = (await details.locator('section.log-viewer').boundingBox())!;
  const detailsBox = (await details.boundingBox())!;
  // Heading, maybe a Run button, the build's stages, then the log: no large empty gap between the table
  // and the details, nor between the log and what comes right before it.
  expect(detailsBox.y - (tableBox.y + tableBox.height)).toBeLessThan(40);
  const gapAboveLog = await details.locator('section.log-viewer').evaluate((el) => {
    const prev = el.previousElementSibling;
    return prev ? el.getBoundingClientRect().top - prev.getBoundingClientRect().bottom : 0;
  });
  expect(gapAboveLog).toBeLessThan(40);
  expect(logBox.y).toBeGreaterThan(detailsBox.y);
  await expect.poll(() => details.getByRole('log').textContent()).toContain('Loaded into Podman');
  await screenshot(page, 'history-log-1366-light');
  await showAs(page, 'small', 'dark');
  await screenshot(page, 'history-log-1024-dark');
  await showAs(page, 'desktop');
  await screenshot(page, 'history-log-1920-light');
  expect(errors).toEqual([]);
});
