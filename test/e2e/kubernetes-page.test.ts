import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, openApp, startBrowserMode, type RunningApp } from '../support/e2e-app';
import { screenshot, showAs } from '../support/screenshots';

// The Kubernetes page in Chromium on browser mode, with a home folder that has no kubeconfig (no cluster
// is reachable here, so only what the page says and generates is checked).
let app: RunningApp;
let browser: Browser;
const home = mkdtempSync(path.join(os.tmpdir(), 'kd-e2e-home-'));

beforeAll(async () => {
  app = await startBrowserMode({ HOME: home, KUBECONFIG: '' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(home, { recursive: true, force: true });
});

test('Kubernetes page: no kubeconfig is said plainly; field errors read as sentences; files in scroll boxes; Save all; debug-image warning', async () => {
  await app.call('settings.update', { executorImage: 'localhost/kd-e2e-kaniko:latest' });
  const { page, errors } = await openApp(browser, app);
  await showAs(page, 'laptop');
  await page.getByRole('link', { name: /Kubernetes/ }).click();
  const run = page.getByRole('region', { name: 'Run on a cluster' });
  const noConfig = run.getByRole('alert').filter({ hasText: 'No kubeconfig found.' });
  await expect.poll(() => noConfig.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await noConfig.textContent()).toContain('~/.kube/config');
  expect(await page.locator('body').textContent()).not.toContain('loaded-context');
  expect(await run.getByRole('button', { name: 'Build on cluster' }).isDisabled()).toBe(true);

  const exportSection = page.getByRole('region', { name: 'Export' });
  await exportSection.getByRole('button', { name: 'Generate files' }).click();
  const fieldError = exportSection.getByRole('alert');
  await expect.poll(() => fieldError.textContent(), { timeout: 10_000 }).toMatch(/^Enter a repository/);

  await page.getByRole('textbox', { name: 'Repository' }).fill('alice/kaniko-nginx');
  await exportSection.getByRole('button', { name: 'Generate files' }).click();
  const configMap = exportSection.getByRole('article', { name: 'context-configmap.yaml' });
  await expect.poll(() => configMap.isVisible(), { timeout: 15_000 }).toBe(true);
  // The long base64 line scrolls inside its box; the page itself never scrolls sideways.
  const pre = configMap.getByLabel('Contents of context-configmap.yaml');
  expect(await pre.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.locator('main').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const warning = exportSection.getByRole('note').filter({ hasText: 'has no version tag' });
  expect(await warning.textContent()).toContain('localhost/kd-e2e-kaniko:debug');
  expect(await warning.getByRole('link', { name: 'Settings' }).count()).toBe(1);
  expect(await exportSection.getByLabel('Contents of .gitlab-ci.yml').textContent()).not.toContain(
    'latest-debug',
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportSection.getByRole('button', { name: 'Save all (.tar)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kaniko-kubernetes.tar');
  const saved = path.join(home, 'all.tar');
  await download.saveAs(saved);
  const listed = execFileSync('tar', ['-tf', saved], { encoding: 'utf8' }).trim().split('\n');
  expect(listed).toEqual(
    expect.arrayContaining([
      'kaniko-kubernetes/job.yaml',
      'kaniko-kubernetes/secret.yaml',
      'kaniko-kubernetes/.gitlab-ci.yml',
      'kaniko-kubernetes/README.md',
    ]),
  );

  await screenshot(page, 'kubernetes-1366-light');
  await showAs(page, 'small', 'dark');
  await screenshot(page, 'kubernetes-1024-dark');
  await page.getByRole('heading', { name: 'Run on a cluster' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'kubernetes-run-1024-dark');
  await showAs(page, 'desktop', 'dark');
  await page.locator('main').evaluate((el) => (el.scrollTop = 0));
  await screenshot(page, 'kubernetes-1920-dark');
  expect(errors).toEqual([]);
});
