import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import { createDockerClient } from '../../../electron/services/engine/engine-client';
import type { EngineAccess } from '../../../electron/services/engine/engine-access';
import type { GetAuth } from '../../../electron/services/preview/image-pull';
import { findFreePort } from '../../../electron/services/preview/port-probe';
import { PREVIEW_FILTER } from '../../../electron/services/preview/preview-labels';
import { PreviewService } from '../../../electron/services/preview/preview-service';
import {
  PreviewRunParams,
  readPortConflict,
  type PreviewInfo,
} from '../../../electron/shared/contract/preview';
import { AppError } from '../../../electron/shared/errors';
import { podmanOk, pushToTestRegistry } from '../../support/podman-cli';
import { BASE_IMAGE } from '../../support/base-image';
import { testEnv } from '../../support/test-env';
import { buildPreviewImages, IMAGES, PAGE } from './preview-images';

let docker: Docker;
let dataDir: string;
let hub: EventHub;
let tasks: TaskManager;
let published: PreviewInfo[][] = [];
const INSTALL_ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);
const listeners: net.Server[] = [];

/** The app's own client settings (3 s idle timeout), so long waits are exercised as in production. */
function service(opts: { getAuth?: GetAuth; readyTimeoutMs?: number } = {}): PreviewService {
  const engine: EngineAccess = {
    docker: () => docker,
    status: () => ({
      state: 'connected',
      socketPath: testEnv().podmanSocket,
      source: 'env',
      checkedAt: Date.now(),
    }),
  };
  hub = new EventHub(new Redactor());
  tasks = new TaskManager(hub);
  return new PreviewService({
    engine,
    tasks,
    dataDir,
    publish: (list) => published.push(list),
    installId: INSTALL_ID,
    ...opts,
  });
}

async function freePort(): Promise<number> {
  const port = await findFreePort(nextPort);
  if (port === null) throw new Error('no free port');
  nextPort = port + 1;
  return port;
}

async function ourContainers(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: PREVIEW_FILTER });
}

async function run(params: { image: string; hostPort: number; replace?: boolean }, svc = service()) {
  return svc.run(PreviewRunParams.parse(params));
}

async function fetchText(url: string): Promise<string> {
  const r = await fetch(url);
  return r.text();
}

beforeAll(async () => {
  docker = createDockerClient(testEnv().podmanSocket);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kd-preview-'));
  await buildPreviewImages(docker, testEnv().baseImage);
});

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const c of await ourContainers()) await docker.getContainer(c.Id).remove({ force: true });
  published = [];
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('previews of this install only', () => {
  test('a container that copies the preview labels is neither listed nor stopped nor removed', async () => {
    const id = (
      await podmanOk([
        'create',
        ...['--label', 'io.kaniko-desktop.owned=1', '--label', 'io.kaniko-desktop.kind=preview'],
        ...['--label', 'io.kaniko-desktop.install=another-install', '--label', 'io.kaniko-desktop.test=1'],
        BASE_IMAGE,
        'true',
      ])
    ).trim();
    try {
      const svc = service();
      expect((await svc.list()).map((p) => p.containerId)).not.toContain(id);
      await expect(svc.stop(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await svc.stopAll({ exceptPinned: false });
      expect(await podmanOk(['ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`])).toContain(id);
    } finally {
      await podmanOk(['rm', '-f', id]);
    }
  });
});

describe('preview.run against real Podman', () => {
  test('serves the page on a free port, locked down and labelled; stop removes it', async () => {
    const svc = service();
    const port = await freePort();
    const started = Date.now();
    const result = await run({ image: 'localhost/kd-preview-httpd', hostPort: port }, svc);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({
      url: `http://localhost:${port}/`,
      hostPort: port,
      containerPort: 8080,
      image: IMAGES.httpd,
    });
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toContain(PAGE);

    const info = await docker.getContainer(result.containerId).inspect();
    expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges');
    expect(info.Config.Labels).toMatchObject({
      'io.kaniko-desktop.owned': '1',
      'io.kaniko-desktop.kind': 'preview',
      'io.kaniko-desktop.image': IMAGES.httpd,
    });
    // The kernel's view, not inspect's: only the reduced set is effective (no NET_RAW = bit 13).
    const status = await podmanOk(['exec', result.containerId, 'cat', '/proc/1/status']);
    const capEff = BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(status)![1]}`);
    const bit = (n: number) => (capEff >> BigInt(n)) & 1n;
    expect(bit(0)).toBe(1n); // CHOWN
    expect(bit(10)).toBe(1n); // NET_BIND_SERVICE
    expect(bit(13)).toBe(0n); // NET_RAW
    expect(bit(21)).toBe(0n); // SYS_ADMIN
    expect(bit(18)).toBe(0n); // SYS_CHROOT
    expect(/NoNewPrivs:\s*1/.test(status)).toBe(true);

    const listed = await svc.list();
    expect(listed).toEqual([
      expect.objectContaining({
        containerId: result.containerId,
        url: `http://localhost:${port}/`,
        state: 'running',
      }),
    ]);
    expect(published.at(-1)?.[0]?.containerId).toBe(result.containerId);
    // httpd -v logs each request (the readiness probe and the fetch above) to the running container's log.
    await expect
      .poll(async () => (await svc.logs(result.containerId, 50)).lines.join('\n'), { timeout: 5_000 })
      .toMatch(/response:200/);

    await svc.stop(result.containerId);
    await expect(docker.getContainer(result.containerId).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(published.at(-1)).toEqual([]);
  });

  test('lists named local images, newest first, without untagged ones', async () => {
    const images = await service().localImages();
    const refs = images.map((i) => i.ref);
    expect(refs).toContain(IMAGES.httpd);
    expect(refs).toContain(testEnv().baseImage);
    expect(refs.some((r) => r.includes('<none>'))).toBe(false);
    const created = images.map((i) => i.createdAt);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  test('takes the container port from the image EXPOSE', async () => {
    const port = await freePort();
    const result = await run({ image: IMAGES.httpd8081, hostPort: port });
    expect(result.containerPort).toBe(8081);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toContain(PAGE);
  });

  test('a port held by another program: clear CONFLICT with a free port offered, no container created', async () => {
    const port = await freePort();
    const server = net.createServer().listen(port, '127.0.0.1');
    listeners.push(server);
    await new Promise((r) => server.once('listening', r));
    const before = (await docker.listContainers({ all: true })).length;

    const err = await run({ image: IMAGES.httpd, hostPort: port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(new RegExp(`Port ${port} is used by another program`));
    const conflict = readPortConflict(e.toPayload());
    expect(conflict?.holder).toBe('process');
    expect(conflict?.suggestedPort).toBeGreaterThan(port);
    expect(e.hint).toContain(`Use port ${conflict?.suggestedPort}`);
    expect((await docker.listContainers({ all: true })).length).toBe(before);
  });

  test('a port held by our own preview: CONFLICT offering replace or the next free port; replace works', async () => {
    const svc = service();
    const port = await freePort();
    const first = await run({ image: IMAGES.httpd8081, hostPort: port }, svc);

    const err = (await run({ image: IMAGES.httpd, hostPort: port }, svc).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.code).toBe('CONFLICT');
    expect(readPortConflict(err.toPayload())).toMatchObject({
      holder: 'preview',
      containerId: first.containerId,
      image: IMAGES.httpd8081,
    });
    const offered = readPortConflict(err.toPayload())?.suggestedPort;
    expect(offered).toBeGreaterThan(port);
    expect(err.hint).toContain(`use port ${offered} instead`);
    expect((await ourContainers()).map((c) => c.Id)).toEqual([first.containerId]);

    const second = await run({ image: IMAGES.httpd, hostPort: port, replace: true }, svc);
    expect(second.containerPort).toBe(8080);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toContain(PAGE);
    expect((await ourContainers()).map((c) => c.Id)).toEqual([second.containerId]);
  });

  test('running the same image again replaces our previous preview of it', async () => {
    const svc = service();
    const first = await run({ image: IMAGES.httpd, hostPort: await freePort() }, svc);
    const second = await run({ image: IMAGES.httpd, hostPort: await freePort() }, svc);
    expect((await ourContainers()).map((c) => c.Id)).toEqual([second.containerId]);
    expect(second.containerId).not.toBe(first.containerId);
  });

  test('a container that exits at once: clear error with its logs and exit code, nothing left', async () => {
    const started = Date.now();
    const err = (await run({ image: IMAGES.crash, hostPort: await freePort() }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toContain('exited with code 3');
    expect(err.message).toContain('fatal: config file missing');
    expect(err.message).toContain('starting up');
    expect(err.fields?.exitCode).toBe('3');
    expect(await ourContainers()).toEqual([]);
  });

  test('a server that never answers: TIMEOUT after the readiness timeout, nothing left', async () => {
    const svc = service({ readyTimeoutMs: 2_000 });
    const started = Date.now();
    const err = (await run({ image: IMAGES.silent, hostPort: await freePort() }, svc).catch(
      (e: unknown) => e,
    )) as AppError;
    const took = Date.now() - started;
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('did not answer within 2 s');
    expect(took).toBeGreaterThanOrEqual(2_000);
    expect(took).toBeLessThan(10_000);
    expect(await ourContainers()).toEqual([]);
  });

  test('cancelling the run task while it waits removes the container', async () => {
    const svc = service({ readyTimeoutMs: 30_000 });
    const pending = run({ image: IMAGES.silent, hostPort: await freePort() }, svc).catch((e: unknown) => e);
    await expect.poll(async () => (await ourContainers()).length, { timeout: 10_000 }).toBe(1);
    const task = tasks.list().find((t) => t.kind === 'preview.run' && t.state === 'running');
    expect(tasks.cancel(task!.id)).toBe(true);
    const started = Date.now();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(tasks.get(task!.id)?.state).toBe('cancelled');
    expect(await ourContainers()).toEqual([]);
  });

  test('an image that is not local is pulled with the registry credentials', async () => {
    const env = testEnv();
    const remote = `${env.registry}/kd-preview-httpd:pull-test`;
    await pushToTestRegistry(IMAGES.httpd, remote);
    await podmanOk(['rmi', remote]).catch(() => undefined);

    const noAuth = service({ getAuth: () => null });
    const refused = (await run({ image: remote, hostPort: await freePort() }, noAuth).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(refused.code).toBe('AUTH_FAILED');
    expect(await ourContainers()).toEqual([]);

    const creds = { username: env.registryUser, secret: env.registryPass };
    const missing = (await run(
      { image: `${env.registry}/kd-preview-missing:latest`, hostPort: await freePort() },
      service({ getAuth: () => creds }),
    ).catch((e: unknown) => e)) as AppError;
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain(`${env.registry}/kd-preview-missing:latest was not found`);

    const asked: string[] = [];
    const svc = service({
      getAuth: (registry) => {
        asked.push(registry);
        return { username: env.registryUser, secret: env.registryPass };
      },
    });
    const port = await freePort();
    const result = await run({ image: remote, hostPort: port }, svc);
    expect(asked).toEqual([env.registry]);
    expect(result.image).toBe(remote);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toContain(PAGE);
    await podmanOk(['rmi', '-f', remote]).catch(() => undefined);
  });

  test('stopAll on quit keeps pinned previews and removes the rest', async () => {
    const svc = service();
    const kept = await run({ image: IMAGES.httpd, hostPort: await freePort() }, svc);
    const gone = await run({ image: IMAGES.httpd8081, hostPort: await freePort() }, svc);
    expect((await svc.pin(kept.containerId, true)).pinned).toBe(true);
    await svc.stopAll({ exceptPinned: true });
    expect((await ourContainers()).map((c) => c.Id)).toEqual([kept.containerId]);
    expect(gone.containerId).not.toBe(kept.containerId);
    // A new service instance (next app start) still knows the pin.
    expect((await service().list())[0]?.pinned).toBe(true);
  });

  test('stop refuses a container that is not one of our previews', async () => {
    const c = await docker.createContainer({ Image: testEnv().baseImage, Cmd: ['true'] });
    try {
      await expect(service().stop(c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await c.inspect()).Id).toBe(c.id);
    } finally {
      await c.remove({ force: true });
    }
  });
});
