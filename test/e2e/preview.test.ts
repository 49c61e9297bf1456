import net from 'node:net';
import Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { findFreePort } from '../../electron/services/preview/port-probe';
import { PREVIEW_FILTER } from '../../electron/services/preview/preview-labels';
import { launchChromium, openApp, startBrowserMode, type RunningApp } from '../support/e2e-app';
import { PAGE_TEXT, pageContext } from '../support/build-contexts';
import { buildPreviewImages, IMAGES, PAGE } from '../integration/preview/preview-images';
import { testEnv } from '../support/test-env';

let app: RunningApp;
let browser: Browser;
let docker: Docker;
const servers: net.Server[] = [];

beforeAll(async () => {
  docker = new Docker({ socketPath: process.env.KANIKO_TEST_PODMAN_SOCKET! });
  await buildPreviewImages(docker, process.env.KANIKO_TEST_BASE_IMAGE!);
  app = await startBrowserMode();
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const c of await ourContainers()) await docker.getContainer(c.Id).remove({ force: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  for (const c of await docker.listContainers({ all: true, filters: PREVIEW_FILTER })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
});

const ourContainers = () => docker.listContainers({ all: true, filters: PREVIEW_FILTER });

test('Previews page: run an image, see it in the pane, get a free port offered for a busy one, stop it', async () => {
  const { page, errors } = await openApp(browser, app);
  await page.getByRole('link', { name: /Previews/ }).click();
  const form = page.getByRole('form', { name: 'Run an image as a preview' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);

  // A real program holds the first port: the page says so and offers the next free one.
  const busy = (await findFreePort(30_000 + Math.floor(Math.random() * 10_000)))!;
  const server = net.createServer().listen(busy, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));

  await form.getByLabel('Image').fill(IMAGES.httpd);
  await form.getByLabel('Host port').fill(String(busy));
  await form.getByLabel('Open in browser when ready').uncheck();
  await form.getByRole('button', { name: 'Run' }).click();

  const alert = page.getByRole('alert').filter({ hasText: `Port ${busy} is used by another program` });
  await expect.poll(() => alert.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await ourContainers()).toEqual([]);
  const usePort = alert.getByRole('button', { name: /^Use port \d+ instead$/ });
  const offered = Number(/\d+/.exec((await usePort.textContent()) ?? '')?.[0]);
  expect(offered).toBeGreaterThan(busy);

  const clicked = Date.now();
  await usePort.click();
  const frame = page.frameLocator(`iframe[title="Preview of ${IMAGES.httpd}"]`);
  await expect
    .poll(
      () =>
        frame
          .locator('h1')
          .textContent()
          .catch(() => null),
      { timeout: 20_000 },
    )
    .toBe(PAGE.replace(/<\/?h1>/g, ''));
  expect(Date.now() - clicked).toBeLessThan(10_000);
  expect(await form.getByLabel('Host port').inputValue()).toBe(String(offered));
  expect(await page.locator('iframe').getAttribute('sandbox')).toBe('allow-scripts allow-forms');

  const list = page.getByRole('list', { name: 'Running previews' });
  const row = list.getByRole('listitem', { name: `Preview of ${IMAGES.httpd}` });
  expect(await row.getByRole('link', { name: `http://localhost:${offered}/` }).count()).toBe(1);
  const [container] = await ourContainers();
  expect(container?.Labels['io.kaniko-desktop.image']).toBe(IMAGES.httpd);

  await row.getByRole('button', { name: /^Stop / }).click();
  await expect.poll(() => list.count(), { timeout: 15_000 }).toBe(0);
  expect(await ourContainers()).toEqual([]);
  expect(errors).toEqual([]);
});

test('Previews page: a port held by our own preview offers the next free port as well as Replace', async () => {
  const port = (await findFreePort(45_000 + Math.floor(Math.random() * 5_000)))!;
  await app.call('preview.run', { image: IMAGES.httpd8081, hostPort: port });
  const { page, errors } = await openApp(browser, app);
  await page.getByRole('link', { name: /Previews/ }).click();
  const form = page.getByRole('form', { name: 'Run an image as a preview' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByLabel('Image').fill(IMAGES.httpd);
  await form.getByLabel('Host port').fill(String(port));
  await form.getByLabel('Open in browser when ready').uncheck();
  await form.getByRole('button', { name: 'Run' }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Port ${port} is used by your preview` });
  await expect.poll(() => alert.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await alert.getByRole('button', { name: 'Replace that preview' }).count()).toBe(1);
  const usePort = alert.getByRole('button', { name: /^Use port \d+ instead$/ });
  const offered = Number(/\d+/.exec((await usePort.textContent()) ?? '')?.[0]);
  expect(offered).toBeGreaterThan(port);
  await usePort.click();
  const list = page.getByRole('list', { name: 'Running previews' });
  await expect
    .poll(() => list.getByRole('link', { name: `http://localhost:${offered}/` }).count(), { timeout: 20_000 })
    .toBe(1);
  // Both run: the first preview kept its port.
  expect(await list.getByRole('link', { name: `http://localhost:${port}/` }).count()).toBe(1);
  expect(errors).toEqual([]);
});

test('Previews page: a container that exits at once shows its log lines and leaves nothing behind', async () => {
  const { page } = await openApp(browser, app);
  await page.getByRole('link', { name: /Previews/ }).click();
  const form = page.getByRole('form', { name: 'Run an image as a preview' });
  await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
  await form.getByLabel('Image').fill(IMAGES.crash);
  await form
    .getByLabel('Host port')
    .fill(String(await findFreePort(40_000 + Math.floor(Math.random() * 10_000))));
  await form.getByLabel('Open in browser when ready').uncheck();
  await form.getByRole('button', { name: 'Run' }).click();
  const log = page.getByLabel('Container log');
  await expect
    .poll(() => log.textContent().catch(() => null), { timeout: 15_000 })
    .toContain('fatal: config file missing');
  expect(await page.getByRole('alert').filter({ hasText: 'exited with code 3' }).count()).toBe(1);
  expect(await ourContainers()).toEqual([]);
});

test('Local images: one click runs an image on the preview port from Settings', async () => {
  const port = (await findFreePort(50_000 + Math.floor(Math.random() * 10_000)))!;
  await app.call('settings.update', { preview: { hostPort: port } });
  const { page, errors } = await openApp(browser, app);
  await page.getByRole('link', { name: /Previews/ }).click();
  await page.getByText('Local images').click();
  await page.getByRole('searchbox', { name: 'Filter local images' }).fill('kd-preview-httpd:8081');
  const item = page
    .getByRole('list', { name: 'Local images' })
    .getByRole('listitem', { name: IMAGES.httpd8081 });
  await item.getByRole('button', { name: `Run on localhost:${port}: ${IMAGES.httpd8081}` }).click();
  await expect
    .poll(() => item.getByRole('link', { name: `http://localhost:${port}/` }).count(), { timeout: 20_000 })
    .toBe(1);
  expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain(PAGE);
  const [container] = await ourContainers();
  expect(container?.Labels['io.kaniko-desktop.image']).toBe(IMAGES.httpd8081);
  expect(errors).toEqual([]);
});

// The local-only build is started through the same API the Build page uses, with the real Kaniko
// executor; Run and Stop go through the UI.
test('Build (local-only) → Run → the pane shows the page from that context; Stop removes it', async () => {
  const env = testEnv();
  await app.call('credentials.save', {
    registry: env.registry,
    username: env.registryUser,
    secret: env.registryPass,
  });
  const tag = `e2e${Date.now()}`;
  const ref = `localhost/kd-e2e/page:${tag}`;
  const { buildId } = (await app.call('build.start', {
    contextDir: pageContext(),
    registry: 'localhost',
    repository: 'kd-e2e/page',
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  })) as { buildId: string };
  await expect
    .poll(async () => ((await app.call('history.get', { buildId })) as { result: string | null }).result, {
      timeout: 90_000,
      interval: 500,
    })
    .toBe('succeeded');

  try {
    const { page, errors } = await openApp(browser, app);
    await page.getByRole('link', { name: /Previews/ }).click();
    const form = page.getByRole('form', { name: 'Run an image as a preview' });
    await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
    const port = (await findFreePort(20_000 + Math.floor(Math.random() * 10_000)))!;
    await form.getByLabel('Image').fill(ref);
    await form.getByLabel('Host port').fill(String(port));
    await form.getByLabel('Open in browser when ready').uncheck();
    await form.getByRole('button', { name: 'Run' }).click();

    const frame = page.frameLocator(`iframe[title="Preview of ${ref}"]`);
    await expect
      .poll(
        () =>
          frame
            .locator('body')
            .textContent()
            .catch(() => null),
        { timeout: 30_000 },
      )
      .toContain(PAGE_TEXT);
    const [container] = await ourContainers();
    expect(container?.Labels['io.kaniko-desktop.image']).toBe(ref);

    const row = page
      .getByRole('list', { name: 'Running previews' })
      .getByRole('listitem', { name: `Preview of ${ref}` });
    await row.getByRole('button', { name: /^Stop / }).click();
    await expect.poll(async () => (await ourContainers()).length, { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
  }
});
