import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dockerfileFromRegistryBase, makeContext } from '../support/build-contexts';
import { openApp, type RunningApp } from '../support/e2e-app';
import { startE2eSession, type E2eSession } from '../support/e2e-session';
import { screenshot, showAs } from '../support/screenshots';

// "Rebuild and compare" from History in Chromium: the built browser-mode app, real Podman, the REAL
// Kaniko executor. A RUN step writing random bytes makes the two --reproducible rebuilds differ.
let session: E2eSession;
let app: RunningApp;
let browser: Browser;
const tag = `cmp${Date.now()}`;
const image = `localhost/kd-e2e/compare:${tag}`;

beforeAll(async () => {
  session = await startE2eSession();
  ({ app, browser } = session);
});

afterAll(() => session?.close([image]));

test('History: Rebuild and compare shows which layer and which file differ, and the report stays', async () => {
  await expect
    .poll(async () => ((await app.call('engine.status', {})) as { state: string }).state, { timeout: 15_000 })
    .toBe('connected');
  const { buildId } = (await app.call('build.start', {
    contextDir: makeContext({
      Dockerfile: dockerfileFromRegistryBase('COPY a.txt /a.txt', 'RUN head -c 16 /dev/urandom > /r'),
      'a.txt': 'a\n',
    }),
    registry: 'localhost',
    repository: 'kd-e2e/compare',
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  })) as { buildId: string };
  const result = async () => ((await app.call('history.get', { buildId })) as { result: string }).result;
  await expect.poll(result, { timeout: 120_000, interval: 500 }).toBe('succeeded');

  const { page, errors } = await openApp(browser, app);
  await showAs(page, 'laptop');
  await page.getByRole('link', { name: /History/ }).click();
  const table = page.getByRole('table', { name: 'Build history' });
  await expect.poll(() => table.isVisible(), { timeout: 15_000 }).toBe(true);
  await table.getByRole('button', { name: `Show the log of ${image}` }).click();
  const details = page.getByRole('region', { name: 'Build details' });
  await details.getByRole('button', { name: 'Rebuild and compare' }).click();
  // A task with progress while it runs, in the task centre like any other.
  await expect.poll(() => details.getByRole('progressbar').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  const comparison = details.getByTestId('comparison');
  await expect.poll(() => comparison.isVisible(), { timeout: 180_000, interval: 500 }).toBe(true);
  expect(await comparison.textContent()).toContain('Not reproducible');
  const layers = comparison.getByRole('table', { name: 'Layers of the two rebuilds' });
  const rows = await layers.locator('tbody tr').allTextContents();
  expect(rows.filter((r) => r.endsWith('different'))).toHaveLength(1);
  expect(rows.at(-1)).toMatch(/different$/);
  const files = comparison.getByRole('region', { name: /^Files that differ in layer/ });
  expect(await files.textContent()).toMatch(/\/r\s*content/);
  expect(await table.textContent()).toContain('Not reproducible');
  // The report sits among the entry's details without disturbing them (one stages view, one log).
  expect(await details.getByRole('region', { name: 'Dockerfile stages of this build' }).count()).toBe(1);
  expect(await details.getByRole('log', { name: 'Build log' }).count()).toBe(1);
  await screenshot(page, 'history-compare-1366-light');

  // Opened again later (a new page load), the entry still shows its report.
  await page.reload();
  await page.getByRole('link', { name: /History/ }).click();
  await table.getByRole('button', { name: `Show the log of ${image}` }).click();
  await expect.poll(() => comparison.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await comparison.textContent()).toContain('Not reproducible');
  expect(await details.getByRole('button', { name: 'Rebuild and compare again' }).isVisible()).toBe(true);
  expect(errors).toEqual([]);
});
