import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runProcess } from '../support/proc';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { screenshot, showAs } from '../support/screenshots';
import { launchChromium } from '../support/e2e-app';
import {
  listedMachineNames,
  machineTestEnv,
  runAsUser,
  type MachineTestEnv,
} from '../integration/machine/machine-user';

/**
 * Creates and removes a Podman machine through the UI in Chromium. `podman machine` refuses root, so
 * the browser-mode server runs as the unprivileged machine test user, as a desktop user would.
 * Machines are checked with an independent `podman machine list`.
 */
const name = `kdm-e2e-${randomBytes(3).toString('hex')}`;
let t: MachineTestEnv;
let image: string;
let configDir: string;
let appCopy: string;
let server: ChildProcess;
let browser: Browser;
let page: Page;
let output = '';
const hasQemu = await access('/usr/bin/qemu-system-x86_64').then(
  () => true,
  () => false,
);

/**
 * The built app, as hard links in a folder the machine user can enter: the checkout itself may be closed
 * to other users (CI clones into a 0700 folder), and the server runs as that user.
 */
async function readableAppCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kd-e2e-app-'));
  await chmod(dir, 0o755);
  for (const part of ['dist', 'node_modules', 'assets', 'package.json']) {
    const linked = await runProcess('cp', ['-al', path.resolve(part), dir]);
    if (linked.code !== 0) await runProcess('cp', ['-a', path.resolve(part), dir]);
  }
  return dir;
}

async function startServerAsUser(): Promise<string> {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'kd-e2e-machine-'));
  await chmod(configDir, 0o777);
  const app = await readableAppCopy();
  appCopy = app;
  const [file, ...args] = [
    ...t.wrap,
    process.execPath,
    path.join(app, 'dist/electron/serve.js'),
    '--port',
    '0',
  ];
  server = spawn(file as string, args, {
    cwd: app,
    env: { ...t.env, KANIKO_DESKTOP_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 20_000);
    server.stdout?.on('data', () => {
      const m = /browser mode: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  t = await machineTestEnv();
  image = path.join(t.workDir, 'disk.qcow2');
  if (hasQemu) await runAsUser(t, ['qemu-img', 'create', '-f', 'qcow2', image, '64M']);
  const url = await startServerAsUser();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.evaluate(() => (window.location.hash = '/machine'));
  await page.getByRole('heading', { level: 1, name: 'Machine' }).waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  }
  if (t) {
    await runAsUser(t, ['podman', 'machine', 'rm', '--force', name]).catch(() => undefined);
    await rm(t.workDir, { recursive: true, force: true });
  }
  if (configDir) await rm(configDir, { recursive: true, force: true });
  if (appCopy) await rm(appCopy, { recursive: true, force: true });
});

test('on Linux the page leads with the native Podman service; a machine is the advanced option', async () => {
  const native = page.getByRole('region', { name: 'Native Podman service' });
  await native.waitFor({ timeout: 15_000 });
  expect(await native.getByRole('heading').textContent()).toBe('Podman on this computer: no machine needed');
  const advanced = page.locator('details.machine-advanced');
  const summary = advanced.locator('> summary');
  expect(await summary.textContent()).toBe('Advanced: run Podman in a machine (a VM) instead');
  // Nothing above the service suggests creating a VM.
  const nativeTop = (await native.boundingBox())!.y;
  const summaryTop = (await summary.boundingBox())!.y;
  expect(summaryTop).toBeGreaterThan(nativeTop);
  expect(await page.getByText('No Podman machine yet. Create one below.').count()).toBe(0);
  for (const [size, scheme] of [
    ['laptop', 'light'],
    ['small', 'dark'],
    ['desktop', 'light'],
  ] as const) {
    await showAs(page, size, scheme);
    await screenshot(page, `machine-linux-${size}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
});

test.skipIf(!hasQemu)(
  'a machine created in the UI appears in an independent podman machine list, and removing it in the UI removes it there',
  async () => {
    const advanced = page.locator('details.machine-advanced');
    if ((await advanced.count()) > 0 && !(await advanced.evaluate((el) => (el as HTMLDetailsElement).open)))
      await advanced.locator('> summary').click();
    const form = page.getByRole('form', { name: 'Create a machine' });
    // clamped defaults are prefilled
    await expect
      .poll(() => form.getByLabel('Name').inputValue(), { timeout: 15_000 })
      .toBe('podman-machine-rootless');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('CPUs').fill('1');
    await form.getByLabel('Memory (MiB)').fill('1024');
    await form.getByLabel('Disk (GiB)').fill('5');
    await form.getByText('Advanced').click();
    await form.getByLabel('Disk image file (optional)').fill(image);
    await form.getByLabel('Time zone (optional)').fill('UTC');
    await form.getByRole('button', { name: 'Create machine' }).click();

    const row = page.getByRole('row', { name: `Machine ${name}` });
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.textContent()).toMatch(/Stopped.*1.*1 GiB.*5 GiB.*Rootless/);
    expect(await listedMachineNames(t)).toContain(name);
    // the task output is on the page
    await expect
      .poll(() => page.getByRole('log').or(page.locator('.machine-task')).first().textContent(), {
        timeout: 10_000,
      })
      .toMatch(/Machine init complete|Done/);

    await page.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${name}?` });
    await dialog.getByRole('button', { name: 'Remove machine' }).click();
    await row.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await listedMachineNames(t)).not.toContain(name);
    // The removed machine's task panel goes at once; the "Removed" notice goes by itself.
    expect(await page.locator('.machine-task').count()).toBe(0);
    const removed = page.getByRole('status').filter({ hasText: `Removed ${name}.` });
    await expect.poll(() => removed.count(), { timeout: 15_000 }).toBe(0);
  },
  120_000,
);
