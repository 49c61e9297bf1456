import Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import path from 'node:path';
import { HANG_MARKER, hangingContext, makeContext, pageContext } from '../support/build-contexts';
import {
  launchChromium,
  openApp,
  saveHarnessLogin,
  startBrowserMode,
  type RunningApp,
} from '../support/e2e-app';
import { testEnv } from '../support/test-env';

// The built browser-mode app in Chromium, real Podman and the REAL Kaniko executor (the default image,
// built from source by the harness); base images come from the harness's htpasswd registry.
let app: RunningApp;
let browser: Browser;
let docker: Docker;
const tag = `e2e${Date.now()}`;
const BUILD_FILTER = { label: ['io.kaniko-desktop.kind=build'] };
const SCREENSHOTS = path.resolve('test-results/screenshots');

beforeAll(async () => {
  const socket = process.env.KANIKO_TEST_PODMAN_SOCKET!;
  docker = new Docker({ socketPath: socket });
  app = await startBrowserMode();
  await saveHarnessLogin(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await docker
    ?.getImage(`localhost/kd-e2e/page:${tag}`)
    .remove({ force: true })
    .catch(() => undefined);
});

test('Build page: build a context locally, see stages advance and the log stream, get the result', async () => {
  const { page, errors } = await openApp(browser, app);
  await page.getByRole('link', { name: /Build/ }).first().click();
  const form = page.getByRole('form', { name: 'Build request' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(pageContext());
  await form.getByLabel(/saved logins to pull private base images/).check();
  await form.getByRole('textbox', { name: 'Registry', exact: true }).fill('localhost');
  await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('kd-e2e/page');
  await form.getByRole('textbox', { name: 'Tags', exact: true }).fill(tag);
  await form.getByLabel(/Local only/).check();
  // The capability table is shown before building: exactly the base three for a COPY-only file, and the
  // network the loopback registry needs.
  await expect
    .poll(() => page.getByTestId('effective-caps').textContent(), { timeout: 10_000 })
    .toBe('CHOWN, FOWNER, DAC_OVERRIDE');
  await expect
    .poll(() => page.getByTestId('build-network').textContent(), { timeout: 10_000 })
    .toContain('slirp4netns with host loopback');
  // The base-image cache's mount is named before building.
  expect(await page.getByTestId('build-base-cache').textContent()).toMatch(
    /volume kaniko-desktop-base-images-[0-9a-f]{12}, mounted at \/cache/,
  );

  await form.getByRole('button', { name: 'Build', exact: true }).click();
  const stages = page.locator('.build-stage');
  await expect.poll(() => stages.count(), { timeout: 30_000 }).toBeGreaterThan(1);
  const result = page.getByTestId('build-result');
  await expect.poll(() => result.isVisible(), { timeout: 60_000 }).toBe(true);
  expect(await result.textContent()).toContain('Build succeeded');
  expect(await page.getByTestId('build-digest').textContent()).toMatch(/^sha256:[a-f0-9]{64}$/);
  // The warmer filled the cache first, so the executor read the base from it.
  expect(await page.getByTestId('cache-summary').textContent()).toContain('base image from cache');
  const labels = await stages.allTextContents();
  expect(labels.some((l) => l.includes('Loading the image into Podman'))).toBe(true);
  const steps = await page.getByTestId('stage-step').allTextContents();
  expect(steps.some((l) => l.includes('COPY index.html'))).toBe(true);
  expect(await page.getByRole('progressbar', { name: 'Build progress' }).getAttribute('aria-valuenow')).toBe(
    '100',
  );
  const log = page.getByRole('log', { name: 'Build log' });
  await expect
    .poll(() => log.textContent())
    .toContain('Skipping push to container registry due to --no-push flag');
  expect(await page.getByRole('button', { name: /^Run on localhost:\d+: / }).isVisible()).toBe(true);
  expect((await docker.getImage(`localhost/kd-e2e/page:${tag}`).inspect()).Id).toBeTruthy();
  expect(await docker.listContainers({ all: true, filters: BUILD_FILTER })).toEqual([]);
  expect(errors).toEqual([]);
});

test('Build page: a multi-stage build shows its stages by name and their steps (screenshot)', async () => {
  const contextDir = makeContext({
    Dockerfile: [
      `FROM ${testEnv().registryBaseImage} AS build`,
      'RUN mkdir -p /out && echo built > /out/app',
      'FROM build AS test',
      'COPY --from=build /out/app /app',
      'RUN test -s /app',
      `FROM ${testEnv().registryBaseImage}`,
      'COPY --from=build /out/app /www/app',
      'ENV GREETING=hello',
      '',
    ].join('\n'),
  });
  const { page, errors } = await openApp(browser, app);
  await page.setViewportSize({ width: 1366, height: 860 });
  const form = page.getByRole('form', { name: 'Build request' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(contextDir);
  await form.getByLabel(/saved logins to pull private base images/).check();
  await form.getByRole('textbox', { name: 'Registry', exact: true }).fill('localhost');
  await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('kd-e2e/multi');
  await form.getByLabel(/Local only/).check();
  await expect.poll(() => page.getByTestId('effective-caps').isVisible(), { timeout: 10_000 }).toBe(true);
  await form.getByRole('button', { name: 'Build', exact: true }).click();
  const result = page.getByTestId('build-result');
  await expect.poll(() => result.isVisible(), { timeout: 120_000 }).toBe(true);
  const history = (await app.call('history.list', {})) as { buildId: string }[];
  const last = history[0]
    ? ((await app.call('history.get', { buildId: history[0].buildId })) as { log: string[] })
    : null;
  expect(await result.textContent(), last?.log.join('\n')).toContain('Build succeeded');

  const headers = await page.getByTestId('stage-header').allTextContents();
  expect(headers).toHaveLength(3);
  expect(headers[0]).toContain("Stage 1 of 3 'build'");
  expect(headers[1]).toContain("Stage 2 of 3 'test' from build");
  expect(headers[2]).toMatch(/Stage 3 of 3 from .*kd-busybox/);
  const steps = await page.getByTestId('stage-step').allTextContents();
  expect(steps.some((t) => t.includes('COPY --from=build /out/app /app'))).toBe(true);
  expect(steps.map((t) => t.replace(/\s*\(done\)$/, ''))).toHaveLength(5);
  await page
    .getByRole('region', { name: 'Dockerfile stages' })
    .screenshot({ path: path.join(SCREENSHOTS, 'build-stages-multi-stage.png') });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'build-multi-stage.png'), fullPage: false });
  await docker
    .getImage('localhost/kd-e2e/multi:latest')
    .remove({ force: true })
    .catch(() => undefined);
  expect(errors).toEqual([]);
});

test('Build page: Cancel mid-build leaves no container', async () => {
  const contextDir = hangingContext();
  const { page } = await openApp(browser, app);
  const form = page.getByRole('form', { name: 'Build request' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByRole('textbox', { name: 'Context folder', exact: true }).fill(contextDir);
  await form.getByRole('textbox', { name: 'Registry', exact: true }).fill('localhost');
  await form.getByRole('textbox', { name: 'Repository', exact: true }).fill('kd-e2e/hang');
  await form.getByLabel(/Local only/).check();
  await form.getByLabel(/saved logins to pull private base images/).check();
  await expect.poll(() => page.getByTestId('effective-caps').isVisible(), { timeout: 10_000 }).toBe(true);
  await form.getByRole('button', { name: 'Build', exact: true }).click();
  const log = page.getByRole('log', { name: 'Build log' });
  await expect.poll(() => log.textContent(), { timeout: 60_000 }).toContain(HANG_MARKER);
  expect((await docker.listContainers({ all: true, filters: BUILD_FILTER })).length).toBe(1);

  const clicked = Date.now();
  await form.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect
    .poll(async () => (await docker.listContainers({ all: true, filters: BUILD_FILTER })).length, {
      timeout: 2_000,
      interval: 50,
    })
    .toBe(0);
  expect(Date.now() - clicked).toBeLessThan(2_000);
  await expect
    .poll(() => page.getByTestId('build-result').textContent(), { timeout: 10_000 })
    .toContain('cancelled');
});
