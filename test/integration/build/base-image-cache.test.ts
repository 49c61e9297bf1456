import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseImageCacheStatus, BuildPlan, HistoryEntry } from '../../../electron/shared/contract/build';
import { hangingContext, makeContext } from '../../support/build-contexts';
import { startCountingProxy, type CountingProxy } from '../../support/counting-proxy';
import { CACHE_REGISTRY_IMAGE } from '../../support/cache-registry-image';
import { podman, podmanOk, pullFromTestRegistry } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { payloadsOf, startBuildApp, taskLog, waitFor, type BuildTestApp } from './build-app';

// Real Podman, the real Kaniko executor and warmer, the harness's real registry behind a proxy that
// counts blob downloads: the first build fills the base-image cache, the second downloads no blob.
const env = testEnv();
let t: BuildTestApp;
let proxy: CountingProxy;
const tag = `bc${Date.now()}`;
const repo = 'kd-build-test/base-cache';

function request(context: string, extra: Record<string, unknown> = {}) {
  return {
    contextDir: context,
    registry: 'localhost',
    repository: repo,
    tags: [tag],
    mode: 'local' as const,
    baseImageLogin: true,
    ...extra,
  };
}

function cacheContext(): string {
  return makeContext({
    Dockerfile: `FROM ${proxy.address}/kd-busybox:latest\nCOPY a.txt /a.txt\nRUN cat /a.txt > /b.txt\n`,
    'a.txt': 'base cache\n',
  });
}

async function build(
  context: string,
  extra: Record<string, unknown> = {},
): Promise<{ log: string[]; history: HistoryEntry }> {
  const { taskId, buildId } = await t.ok<{ taskId: string; buildId: string }>(
    'build.start',
    request(context, extra),
  );
  const result = await t.finished(buildId, 180_000);
  const log = await taskLog(t, taskId);
  expect(result.result, log.slice(-30).join('\n')).toBe('succeeded');
  const history = (await t.ok<HistoryEntry[]>('history.list', {})).find((e) => e.buildId === buildId);
  if (!history) throw new Error('no history entry');
  return { log, history };
}

/**
 * Names of this test app's own containers or volumes in the test engine (by its install label: other
 * test files' apps share the engine and keep caches of their own).
 */
async function owned(what: 'containers' | 'volumes'): Promise<string[]> {
  const list = what === 'containers' ? ['ps', '-a'] : ['volume', 'ls'];
  const format = what === 'containers' ? '{{.Names}}' : '{{.Name}}';
  const install = (
    JSON.parse(readFileSync(path.join(t.dir, 'settings.json'), 'utf8')) as { installId: string }
  ).installId;
  const filter = `label=io.kaniko-desktop.install=${install}`;
  const out = await podmanOk([...list, '--filter', filter, '--format', format]);
  return out.split('\n').filter(Boolean);
}

beforeAll(async () => {
  proxy = await startCountingProxy(env.registry);
  t = await startBuildApp();
  for (const registry of [proxy.address, env.registry])
    await t.ok('credentials.save', { registry, username: env.registryUser, secret: env.registryPass });
});
afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await podman(['rmi', '-f', `localhost/${repo}:${tag}`]);
});

describe('the base-image cache with the real Kaniko warmer and executor', () => {
  it('plans the volume, the read-only mount and the warmer for the FROM image (and nothing when off)', async () => {
    const context = cacheContext();
    const plan = await t.ok<BuildPlan>('build.plan', request(context));
    const cache = plan.baseImageCache;
    expect(cache?.volume).toMatch(/^kaniko-desktop-base-images-[0-9a-f]{12}$/);
    expect(cache?.path).toBe('/cache');
    expect(cache?.images).toEqual([`${proxy.address}/kd-busybox:latest`]);
    expect(cache?.warmerArgs).toContain(`--image=${proxy.address}/kd-busybox:latest`);
    expect(cache?.warmerArgs.some((a) => a.startsWith(`--registry-map=${proxy.address}=10.0.2.2:`))).toBe(
      true,
    );
    expect(plan.args).toContain('--cache-dir=/cache');
    expect(plan.args).toContain('--cache-run-layers=false');

    await t.ok('settings.update', { baseImageCache: false });
    const off = await t.ok<BuildPlan>('build.plan', request(context));
    expect(off.baseImageCache).toBeNull();
    expect(off.args.some((a) => a.startsWith('--cache'))).toBe(false);
    await t.ok('settings.update', { baseImageCache: true });
  });

  it('the first build fills the cache, a rebuild downloads no blob of the base, Clear empties it', async () => {
    const context = cacheContext();
    proxy.reset();
    const first = await build(context);
    expect(proxy.blobGets()).toBeGreaterThan(0);
    expect(first.log.some((l) => l.startsWith('[warmer]'))).toBe(true);
    expect(first.history.cache?.baseImagesFromCache).toBe(1);

    proxy.reset();
    const second = await build(context);
    expect(proxy.blobGets()).toBe(0);
    // Everything is in the cache, so the warmer container is not even started.
    expect(
      second.log.some((l) => /already in kaniko-desktop-base-images-\w+; the warmer is not needed/.test(l)),
    ).toBe(true);
    expect(second.log.some((l) => l.startsWith('[warmer]'))).toBe(false);
    expect(second.log.some((l) => /Found sha256:[a-f0-9]{64} in local cache/.test(l))).toBe(true);
    expect(second.history.cache?.baseImagesFromCache).toBe(1);
    expect(second.history.cache?.steps).toBe(2);
    expect(second.history.cache?.stepTimes.map((s) => s.text)).toEqual([
      'COPY a.txt /a.txt',
      'RUN cat /a.txt > /b.txt',
    ]);

    const status = await t.ok<BaseImageCacheStatus>('build.baseCache', {});
    expect(status).toMatchObject({ exists: true, enabled: true, inUse: false });
    expect(status.sizeBytes === null || status.sizeBytes > 0).toBe(true);
    expect(await owned('containers')).toEqual([]);
    expect(await owned('volumes')).toEqual([status.volume]);

    const cleared = await t.ok<BaseImageCacheStatus & { freedBytes: number | null }>(
      'build.baseCacheClear',
      {},
    );
    expect(cleared.exists).toBe(false);
    expect(await owned('volumes')).toEqual([]);

    proxy.reset();
    await build(context);
    expect(proxy.blobGets()).toBeGreaterThan(0);
  });

  it('a push build and a local build through the layer cache read it too, and their images are valid', async () => {
    const context = cacheContext();
    await build(context); // the cache holds the base
    const pushRepo = `kd-base-cache-push-${tag}`;
    proxy.reset();
    const pushed = await build(context, {
      mode: 'push',
      registry: env.registry,
      repository: pushRepo,
      tags: ['v1'],
    });
    expect(proxy.blobGets()).toBe(0);
    expect(pushed.history.cache?.baseImagesFromCache).toBe(1);
    expect(pushed.history.pushed).toHaveLength(1);
    // The registry took the manifest (no MANIFEST_INVALID), and its types agree with its layers'.
    const res = await fetch(`http://${env.registry}/v2/${pushRepo}/manifests/v1`, {
      headers: {
        accept:
          'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
        authorization: `Basic ${Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64')}`,
      },
    });
    const manifest = (await res.json()) as { mediaType?: string; layers: { mediaType: string }[] };
    const oci = manifest.mediaType === 'application/vnd.oci.image.manifest.v1+json';
    for (const layer of manifest.layers) expect(layer.mediaType.includes('.oci.')).toBe(oci);
    await pullFromTestRegistry(`${env.registry}/${pushRepo}:v1`);
    await podman(['rmi', '-f', `${env.registry}/${pushRepo}:v1`]);

    await t.ok('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
    proxy.reset();
    const viaCache = await build(context, { cache: true });
    expect(proxy.blobGets()).toBe(0);
    expect(viaCache.history.cache?.baseImagesFromCache).toBe(1);
    expect(viaCache.log.join('\n')).toContain(
      `Pulled into Podman from the cache registry: localhost/${repo}:${tag}`,
    );
    for (const c of await owned('containers')) await podman(['rm', '-f', c]); // the cache registry
  });

  it('Clear is refused while a build runs, and changes nothing', async () => {
    const { buildId } = await t.ok<{ buildId: string }>('build.start', request(hangingContext()));
    await waitFor(
      () => payloadsOf(t.events, 'build.stage').some((p) => p.buildId === buildId),
      30_000,
      'build started',
    );
    const r = await t.call('build.baseCacheClear', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toMatch(/build is running/);
    }
    expect((await t.ok<BaseImageCacheStatus>('build.baseCache', {})).inUse).toBe(true);
    await t.ok('build.cancel', { buildId });
    await t.finished(buildId, 60_000);
    expect(await owned('containers')).toEqual([]);
  });

  it('cancel while the warmer downloads removes its container at once; the build is cancelled', async () => {
    await t.ok('build.baseCacheClear', {});
    proxy.delayBlobs(60_000);
    try {
      const { buildId } = await t.ok<{ buildId: string }>('build.start', request(cacheContext()));
      await waitFor(
        async () => (await owned('containers')).some((n) => n.startsWith('kaniko-desktop-warm-')),
        30_000,
        'the warmer container',
      );
      await waitFor(
        () => proxy.requests.some((r) => /\/blobs\//.test(r.path)) || true,
        1_000,
        'a blob request',
      );
      const cancelledAt = Date.now();
      await t.ok('build.cancel', { buildId });
      const result = await t.finished(buildId, 30_000);
      expect(result.result).toBe('cancelled');
      expect(Date.now() - cancelledAt).toBeLessThan(5_000);
      expect(await owned('containers')).toEqual([]);
    } finally {
      proxy.delayBlobs(0);
    }
  });
});
