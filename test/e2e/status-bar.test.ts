import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import Docker from 'dockerode';
import { launchChromium, openApp, startBrowserMode, type RunningApp } from '../support/e2e-app';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startBrowserMode();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('the status bar shows the real engine version and rootless state', async () => {
  const socket = process.env.KANIKO_TEST_PODMAN_SOCKET;
  expect(socket, 'the harness provides a Podman socket').toBeTruthy();
  const docker = new Docker({ socketPath: socket! });
  const version = (await docker.version()) as {
    Components?: { Name: string; Version: string }[];
    Version: string;
  };
  const podmanVersion = version.Components?.find((c) => /podman/i.test(c.Name))?.Version ?? version.Version;
  const rootless = process.env.KANIKO_TEST_ROOTLESS === '1' ? 'rootless' : 'rootful';

  const { page } = await openApp(browser, app);
  const status = page.getByRole('status', { name: 'Engine' });
  await expect
    .poll(async () => status.textContent(), { timeout: 15_000 })
    .toContain(`Podman ${podmanVersion}`);
  expect(await status.textContent()).toContain(rootless);
  // The token must not linger in the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
});
