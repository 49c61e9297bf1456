import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildPlan, BuildStep, DockerfileStage } from '../../../electron/shared/contract/build';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import type { PreviewInfo } from '../../../electron/shared/contract/preview';
import { dockerfileFromRegistryBase, makeContext } from '../../support/build-contexts';
import { CACHE_REGISTRY_IMAGE } from '../../support/cache-registry-image';
import { podman, podmanJson, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { saveRegistryLogin, startBuildApp, taskLog, type BuildTestApp } from './build-app';

// The layer cache with the REAL Kaniko executor: the app's own cache registry (Debian's docker-registry in
// an image, as the cacheRegistryImage setting) for local builds, and a cache next to the image in the
// harness's htpasswd registry for a push build that lets the container use the login.
const env = testEnv();
let t: BuildTestApp;
const tag = `c${Date.now()}`;
const repository = 'kd-cache-test/app';

interface Started {
  buildId: string;
  taskId: string;
}

async function build(req: BuildRequestInput): Promise<{ steps: BuildStep[]; log: string[] }> {
  const { buildId, taskId } = await t.ok<Started>('build.start', req);
  const result = await t.finished(buildId, 180_000);
  const log = await taskLog(t, taskId);
  expect(result.result, log.slice(-30).join('\n')).toBe('succeeded');
  const entry = await t.ok<{ dockerfileStages: DockerfileStage[] }>('history.get', { buildId });
  return { steps: entry.dockerfileStages.flatMap((s) => s.steps), log };
}

const runSteps = (steps: BuildStep[]) => steps.filter((s) => s.text.startsWith('RUN'));

/**
 * A new time on a context file, same bytes: Kaniko's cache keys leave times out (its steps still hit),
 * but the app's unchanged-rebuild check sees it, so the executor runs (see unchanged-rebuild.test.ts).
 */
let clock = Date.now();
function touch(contextDir: string, file: string): void {
  clock += 5_000;
  utimesSync(path.join(contextDir, file), new Date(clock), new Date(clock));
}

async function cacheRegistries(): Promise<PreviewInfo[]> {
  const list = await t.ok<PreviewInfo[]>('preview.list', {});
  return list.filter((p) => p.kind === 'cache-registry');
}

beforeAll(async () => {
  t = await startBuildApp();
  await saveRegistryLogin(t);
  await t.ok('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
});
afterAll(async () => {
  await t?.close();
  await podman(['rmi', '-f', `localhost/${repository}:${tag}`]);
});

describe('the layer cache of local-only builds (the app runs the cache registry)', () => {
  const context = makeContext({
    Dockerfile: dockerfileFromRegistryBase(
      'COPY a.txt /a.txt',
      'RUN echo one > /one && head -c 200000 /dev/urandom > /blob1',
      'RUN echo two > /two && head -c 200000 /dev/urandom > /blob2',
    ),
    'a.txt': 'a\n',
  });
  const req: BuildRequestInput = {
    contextDir: context,
    registry: 'localhost',
    repository,
    tags: [tag],
    mode: 'local',
    cache: true,
    baseImageLogin: true,
  };

  it('a cold build fills it; an unchanged rebuild takes both RUN steps from it', async () => {
    expect(await cacheRegistries()).toEqual([]);
    const cold = await build(req);
    expect(runSteps(cold.steps).map((s) => s.cache)).toEqual(['miss', 'miss']);
    expect(cold.log.join('\n')).toMatch(
      /Starting the layer cache registry \(localhost\/kd-registry:latest\)/,
    );
    expect(cold.log.join('\n')).toMatch(/Pushing layer .*\/kd-cache-test\/app\/cache:/);

    touch(context, 'a.txt');
    const warm = await build(req);
    expect(runSteps(warm.steps).map((s) => s.cache)).toEqual(['hit', 'hit']);
    expect(warm.log.join('\n')).toMatch(/Using caching version of cmd: .*echo one/);
    expect(warm.log.join('\n')).not.toMatch(/Starting the layer cache registry/);
    // No tarball: Kaniko pushed the image to the cache registry and Podman pulled it back by digest.
    expect(warm.log.join('\n')).toContain(
      `Pulled into Podman from the cache registry: localhost/${repository}:${tag}`,
    );
    // The rebuilt image still has what the cached steps made.
    const out = await podmanOk(['run', '--rm', `localhost/${repository}:${tag}`, 'cat', '/one', '/two']);
    expect(out.trim()).toBe('one\ntwo');
  });

  it('is listed with the previews, labelled as this install’s, on 127.0.0.1 only, and planned by its port', async () => {
    const [registry, ...more] = await cacheRegistries();
    expect(more).toEqual([]);
    expect(registry).toMatchObject({
      kind: 'cache-registry',
      state: 'running',
      url: null,
      image: CACHE_REGISTRY_IMAGE,
    });
    const [info] = await podmanJson<
      {
        Config: { Labels: Record<string, string> };
        HostConfig: {
          PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
          CapDrop: string[];
        };
        Mounts: { Type: string; Name: string; Destination: string }[];
      }[]
    >(['inspect', registry!.containerId]);
    expect(info!.Config.Labels).toMatchObject({
      'io.kaniko-desktop.owned': '1',
      'io.kaniko-desktop.kind': 'cache-registry',
      'io.kaniko-desktop.install': expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const binding = info!.HostConfig.PortBindings['5000/tcp']?.[0];
    expect(binding).toEqual({ HostIp: '127.0.0.1', HostPort: String(registry!.hostPort) });
    expect(info!.Mounts).toEqual([
      expect.objectContaining({ Type: 'volume', Destination: '/var/lib/registry' }),
    ]);
    const plan = await t.ok<BuildPlan>('build.plan', req);
    expect(plan.args).toContain(`--cache-repo=10.0.2.2:${registry!.hostPort}/${repository}/cache`);
    expect(plan.cache.summary).toContain(`127.0.0.1:${registry!.hostPort}`);
  });

  it('Remove takes the container and its stored layers away; the next build starts it again, cold', async () => {
    const [registry] = await cacheRegistries();
    const [info] = await podmanJson<{ Mounts: { Name: string }[] }[]>(['inspect', registry!.containerId]);
    const volume = info!.Mounts[0]!.Name;
    expect(await t.ok('preview.stop', { containerId: registry!.containerId })).toEqual({ removed: true });
    expect(await cacheRegistries()).toEqual([]);
    expect((await podman(['container', 'exists', registry!.containerId])).code).toBe(1);
    expect((await podman(['volume', 'exists', volume])).code).toBe(1);

    touch(context, 'a.txt');
    const again = await build(req);
    expect(runSteps(again.steps).map((s) => s.cache)).toEqual(['miss', 'miss']);
    expect(await cacheRegistries()).toHaveLength(1);
  });
});

describe('the cache across a restart of the app', () => {
  it('quitting removes the registry container and keeps its volume; the next start reuses the layers', async () => {
    const context = makeContext({ Dockerfile: dockerfileFromRegistryBase('RUN echo kept > /k') });
    const cached: BuildRequestInput = {
      contextDir: context,
      registry: 'localhost',
      repository,
      tags: ['restart'],
      mode: 'local',
      cache: true,
      baseImageLogin: true,
    };
    const first = await startBuildApp();
    const main = t;
    try {
      t = first;
      await saveRegistryLogin(t);
      await t.ok('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
      expect(runSteps((await build(cached)).steps).map((s) => s.cache)).toEqual(['miss']);
      const [registry] = await cacheRegistries();
      const [info] = await podmanJson<{ Mounts: { Name: string }[] }[]>(['inspect', registry!.containerId]);
      const volume = info!.Mounts[0]!.Name;
      await first.close({ keepDir: true });
      expect((await podman(['container', 'exists', registry!.containerId])).code).toBe(1);
      expect((await podman(['volume', 'exists', volume])).code).toBe(0);

      t = await startBuildApp(first.dir); // the same settings, so the same install
      await saveRegistryLogin(t); // browser mode keeps logins in memory only
      touch(context, 'Dockerfile');
      expect(runSteps((await build(cached)).steps).map((s) => s.cache)).toEqual(['hit']);
      const [again] = await cacheRegistries();
      await t.ok('preview.stop', { containerId: again!.containerId });
      expect((await podman(['volume', 'exists', volume])).code).toBe(1);
      await t.close();
    } finally {
      t = main;
      await podman(['rmi', '-f', `localhost/${repository}:restart`]);
    }
  });
});

describe('the layer cache of a push build that keeps it next to the image', () => {
  it('uses <repository>/cache in the registry with the login the user allowed in; the rebuild hits', async () => {
    const context = makeContext({
      Dockerfile: dockerfileFromRegistryBase('RUN echo pushed > /p && head -c 100000 /dev/urandom > /blob'),
    });
    const req: BuildRequestInput = {
      contextDir: context,
      registry: env.registry,
      repository: `kd-cache-push-${tag}`,
      tags: ['v1'],
      mode: 'push',
      cache: true,
      cacheLogin: true,
      baseImageLogin: true,
    };
    const plan = await t.ok<BuildPlan>('build.plan', req);
    const port = env.registry.split(':')[1];
    expect(plan.cache.mode).toBe('registry');
    expect(plan.args).toContain(`--cache-repo=10.0.2.2:${port}/kd-cache-push-${tag}/cache`);
    const cold = await build(req);
    expect(runSteps(cold.steps).map((s) => s.cache)).toEqual(['miss']);
    expect(cold.log.join('\n')).toMatch(/login for \S+ .*to read and write the layer cache/);
    const warm = await build(req);
    expect(runSteps(warm.steps).map((s) => s.cache)).toEqual(['hit']);
  });
});
