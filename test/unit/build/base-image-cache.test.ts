import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baseCacheExecutorArgs,
  baseCacheVolumeName,
  planBaseImageCache,
  UNUSED_LAYER_CACHE_REPO,
} from '../../../electron/services/build/logic/base-image-cache';
import { planBuildNetwork, registryBaseImages } from '../../../electron/services/build/logic/build-network';
import { KanikoLogParser } from '../../../electron/services/build/logic/kaniko-log-parser';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import { executorContainerSpec } from '../../../electron/services/build/runner/container-spec';
import { BuildRequest } from '../../../electron/shared/contract/build-request';

function planFor(dockerfile: string, cache: { volume: string } | null, extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-base-cache-'));
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const req = BuildRequest.parse({ contextDir: dir, repository: 'app', mode: 'local', ...extra });
  return planBuild(req, {
    executorImage: 'localhost/kaniko:test',
    defaultContextDir: dir,
    baseImageCache: cache,
  });
}

describe('which FROM images the warmer fetches', () => {
  it('leaves out earlier stages (by AS name, any case), scratch, ${ARG} images and repeats', () => {
    expect(
      registryBaseImages([
        { base: 'golang:1.22', name: 'Build' },
        { base: 'build', name: null },
        { base: 'scratch', name: null },
        { base: '${BASE}', name: null },
        { base: 'golang:1.22', name: 'again' },
        { base: '127.0.0.1:5000/app:1', name: null },
      ]),
    ).toEqual(['golang:1.22', '127.0.0.1:5000/app:1']);
  });

  it('an image named like a LATER stage is still an image (Kaniko resolves names only backwards)', () => {
    expect(
      registryBaseImages([
        { base: 'tools', name: 'a' },
        { base: 'alpine', name: 'tools' },
      ]),
    ).toEqual(['tools', 'alpine']);
  });
});

describe('the base-image cache in the build plan', () => {
  it('mounts the volume, runs the warmer for each registry FROM image, and reads the cache in the executor', () => {
    const planned = planFor(
      'FROM 127.0.0.1:5000/base:1 AS build\nRUN make\nFROM build\nFROM alpine:3\nCOPY --from=build /a /a\n',
      { volume: 'vol-x' },
    );
    const cache = planned.plan.baseImageCache;
    expect(cache).toMatchObject({
      volume: 'vol-x',
      path: '/cache',
      images: ['127.0.0.1:5000/base:1', 'alpine:3'],
    });
    expect(cache?.warmerArgs).toEqual([
      '--cache-dir=/cache',
      '--cache-ttl=8760h',
      '--image=127.0.0.1:5000/base:1',
      '--image=alpine:3',
      '--registry-map=127.0.0.1:5000=10.0.2.2:5000',
      '--insecure-registry=10.0.2.2:5000',
      '--log-format=json',
    ]);
    expect(cache?.summary).toMatch(/warmer .*127\.0\.0\.1:5000\/base:1, alpine:3.*read-only/);
    const args = planned.plan.args;
    for (const a of [
      '--cache-dir=/cache',
      '--cache=true',
      `--cache-repo=${UNUSED_LAYER_CACHE_REPO}`,
      '--cache-run-layers=false',
      '--cache-copy-layers=false',
    ])
      expect(args).toContain(a);
    // Local builds already carry --no-push-cache: once only.
    expect(args.filter((a) => a === '--no-push-cache')).toHaveLength(1);
  });

  it('push builds get --no-push-cache too, so the unused layer cache is never written', () => {
    const args = baseCacheExecutorArgs(false, ['--no-push', '--oci-layout-path=/kaniko/output/oci']);
    expect(args).toContain('--no-push-cache');
  });

  it('with the layer cache on, only the cache folder is added (the layer cache keeps its own repo)', () => {
    expect(baseCacheExecutorArgs(true, ['--cache=true', '--cache-repo=r/cache'])).toEqual([
      '--cache-dir=/cache',
      '--cache-ttl=8760h',
    ]);
  });

  it('is used by every kind of build: local, push, and local through the layer cache registry', () => {
    const cache = { volume: 'kaniko-desktop-base-images-x' };
    const local = planFor('FROM alpine\nRUN true\n', cache).plan;
    expect(local.baseImageCache?.volume).toBe(cache.volume);
    expect(local.args).toContain('--cache-dir=/cache');
    const push = planFor('FROM alpine\nRUN true\n', cache, {
      mode: 'push',
      registry: '127.0.0.1:5000',
      repository: 'team/app',
    }).plan;
    expect(push.baseImageCache?.volume).toBe(cache.volume);
    expect(push.args).toContain('--cache-dir=/cache');
    const viaCache = planFor('FROM alpine\nRUN true\n', cache, { cache: true }).plan;
    expect(viaCache.cache.mode).toBe('app-registry');
    expect(viaCache.baseImageCache?.volume).toBe(cache.volume);
    // The layer cache's own --cache=true and repository serve; no unused one is added.
    expect(viaCache.args).toContain('--cache-dir=/cache');
    expect(viaCache.args.filter((a) => a.startsWith('--cache-repo='))).toHaveLength(1);
  });

  it('is absent when the setting is off, or when no FROM image can be cached', () => {
    const off = planFor('FROM alpine\nRUN true\n', null).plan;
    expect(off.baseImageCache).toBeNull();
    expect(off.args.filter((a) => a.startsWith('--cache'))).toEqual([]);
    const scratch = planFor('FROM scratch\nCOPY a /a\n', { volume: 'v' }).plan;
    expect(scratch.baseImageCache).toBeNull();
    expect(scratch.args.some((a) => a.startsWith('--cache'))).toBe(false);
    expect(
      planBaseImageCache({ enabled: true, volume: 'v', images: [], network: planBuildNetwork([]) }),
    ).toBeNull();
  });

  it('only stages up to --target are warmed', () => {
    const planned = planFor(
      'FROM alpine AS a\nRUN true\nFROM debian AS b\nRUN true\n',
      { volume: 'v' },
      { target: 'a' },
    );
    expect(planned.plan.baseImageCache?.images).toEqual(['alpine']);
  });

  it('names the volume per install', () => {
    expect(baseCacheVolumeName('0123456789abcdef0123456789abcdef')).toBe(
      'kaniko-desktop-base-images-0123456789ab',
    );
  });
});

describe('the cache volume in the container spec', () => {
  const base = { image: 'img', args: [], capAdd: [], buildId: 'b'.repeat(36), installId: 'i' };
  it('mounts named volumes read-only or read-write, and nothing without them', () => {
    expect(executorContainerSpec(base).HostConfig?.Binds).toEqual([]);
    const spec = executorContainerSpec({
      ...base,
      volumes: [{ name: 'vol', path: '/cache', readOnly: true }],
    });
    expect(spec.HostConfig?.Binds).toEqual(['vol:/cache:ro']);
    const warmer = executorContainerSpec({
      ...base,
      volumes: [{ name: 'vol', path: '/cache', readOnly: false }],
      entrypoint: { path: '/kaniko/warmer', namePrefix: 'kaniko-desktop-warm' },
    });
    expect(warmer.HostConfig?.Binds).toEqual(['vol:/cache']);
    expect(warmer.Entrypoint).toEqual(['/kaniko/warmer']);
    expect(warmer.name).toBe('kaniko-desktop-warm-bbbbbbbbbbbb');
    expect(warmer.HostConfig?.CapAdd).toEqual([]);
    expect(warmer.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(warmer.HostConfig?.SecurityOpt).toEqual(['no-new-privileges']);
    // Labelled like the build's executor: cancel and crash recovery find it the same way.
    expect(warmer.Labels).toMatchObject({
      'io.kaniko-desktop.owned': '1',
      'io.kaniko-desktop.kind': 'build',
      'io.kaniko-desktop.install': 'i',
    });
  });
});

describe('the log says when a base image came from the cache', () => {
  it('counts each cached image once, however often Kaniko reads it', () => {
    const p = new KanikoLogParser();
    const digest = `sha256:${'a'.repeat(64)}`;
    const line = (msg: string) => JSON.stringify({ level: 'info', msg, time: '2026-01-01T00:00:00Z' });
    p.feed(line(`Found ${digest} in local cache`));
    p.feed(line(`Found ${digest} in local cache`));
    p.feed(line(`Found sha256:${'b'.repeat(64)} in local cache`));
    p.feed(line('Found sha256:short in local cache'));
    expect(p.state.baseImagesFromCache).toHaveLength(2);
  });
});
