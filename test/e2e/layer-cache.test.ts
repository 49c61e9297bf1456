import type Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dockerfileFromRegistryBase, makeContext } from '../support/build-contexts';
import { CACHE_REGISTRY_IMAGE } from '../support/cache-registry-image';
import { openApp, type RunningApp } from '../support/e2e-app';
import { startE2eSession, type E2eSession } from '../support/e2e-session';
import { screenshot, showAs } from '../support/screenshots';

// The layer cache as a user meets it: the Cache checkbox and where the cache lives, a local build that
// starts the app's cache registry, an unchanged rebuild that reuses the image, and that registry on the
// Previews page with Remove.
let session: E2eSession;
let app: RunningApp;
let browser: Browser;
let docker: Docker;
const tag = `lc${Date.now()}`;

beforeAll(async () => {
  session = await startE2eSession();
  ({ app, browser, docker } = session);
  await app.call('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
});

afterAll(() => session?.close([`localhost/kd-e2e/cache:${tag}`]));

const cacheRegistryContainers = async () =>
  docker.listContainers({ all: true, filters: { label: ['io.kaniko-desktop.kind=cache-registry'] } });

test('Cache on: the page says where the cache lives, asks before a push build lets a login in, and a build fills the cache registry that Previews lists and removes', async () => {
  const { page, errors } = await openApp(browser, app);
  await showAs(page, 'laptop');
  const form = page.getByRole('form', { name: 'Build request' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  const contextDir = makeContext({ Dockerfile: dockerfileFromRegistryBase('RUN echo cached > /c') });
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(contextDir);
  await form.getByLabel(/saved logins to pull private base images/).check();
  await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('kd-e2e/cache');
  await form.getByRole('textbox', { name: 'Tags', exact: true }).fill(tag);
  await form.getByRole('checkbox', { name: /^Cache/ }).check();
  await expect.poll(() => page.getByTestId('cache-note').textContent()).toMatch(/no login enters/);
  await expect
    .poll(() => page.getByTestId('build-cache').textContent(), { timeout: 10_000 })
    .toMatch(/app's cache registry/);

  // A push build: the login question appears; only ticking it shows the cache repository field.
  await form.getByRole('radio', { name: /Push to the registry/ }).check();
  const loginBox = form.getByRole('checkbox', { name: /let the build container use your login/ });
  expect(await loginBox.isChecked()).toBe(false);
  expect(await form.getByRole('textbox', { name: 'Cache repository' }).count()).toBe(0);
  await loginBox.check();
  expect(await form.getByRole('textbox', { name: 'Cache repository' }).isVisible()).toBe(true);
  await screenshot(page, 'build-cache-push-login-1366-light');
  await form.getByRole('radio', { name: /Local only/ }).check();

  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect
    .poll(() => page.getByTestId('build-status').textContent(), { timeout: 120_000 })
    .toMatch(/^Build succeeded in/);
  expect(await cacheRegistryContainers()).toHaveLength(1);

  // Build again with nothing changed: the image is reused, and the page says so.
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect
    .poll(() => page.getByTestId('cache-summary').textContent(), { timeout: 60_000 })
    .toMatch(/nothing changed since the build of .*: its image reused, Kaniko not run/);
  expect(await page.getByTestId('build-status').textContent()).toMatch(/^Build succeeded in/);
  await screenshot(page, 'build-reused-1366-light');

  await page.getByRole('link', { name: /Previews/ }).click();
  const row = page.getByRole('listitem', { name: 'Layer cache registry' });
  await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await row.textContent()).toMatch(/127\.0\.0\.1:\d+/);
  await screenshot(page, 'previews-cache-registry-1366-light');
  await row.getByRole('button', { name: 'Remove the layer cache registry' }).click();
  await page.getByRole('button', { name: 'Remove the cache' }).click();
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
  expect(await cacheRegistryContainers()).toEqual([]);
  expect(errors).toEqual([]);
});
