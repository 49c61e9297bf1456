import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planLayerCache, checkCacheRepo } from '../../../electron/services/build/logic/layer-cache';
import { executorLogins } from '../../../electron/services/build/runner/executor-logins';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import { BuildRequest, type BuildRequestInput } from '../../../electron/shared/contract/build-request';

const dir = mkdtempSync(path.join(tmpdir(), 'kd-cache-plan-'));
writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nRUN true\n');
const inputs = { executorImage: 'localhost/kaniko:test', defaultContextDir: dir };
const req = (over: Partial<BuildRequestInput>) =>
  BuildRequest.parse({ contextDir: dir, repository: 'app', mode: 'local', ...over });

const withCredentials = (saved: Record<string, string>) => ({
  authFor: (r: string) => (saved[r] ? { username: 'u', secret: saved[r] } : null),
  verify: async () => undefined,
});

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (err) {
    return (err as { fields: Record<string, string> }).fields;
  }
  throw new Error('expected a validation error');
}

describe('the layer cache of a local-only build', () => {
  it('lives in the app registry, reached over host loopback, and keeps pushing cache layers', () => {
    const planned = planBuild(req({ cache: true }), { ...inputs, appCacheRegistry: '127.0.0.1:41234' });
    const { args } = planned.plan;
    expect(args).toContain('--cache=true');
    expect(args).toContain('--cache-repo=10.0.2.2:41234/app/cache');
    expect(args).toContain('--registry-map=127.0.0.1:41234=10.0.2.2:41234');
    expect(args).toContain('--insecure-registry=10.0.2.2:41234');
    // The image goes to the same registry (no tarball): Podman pulls it back from there by digest.
    expect(args).toContain('--destination=10.0.2.2:41234/app:latest');
    expect(args.some((a) => a.startsWith('--no-push') || a.startsWith('--tar-path'))).toBe(false);
    expect(planned.plan.destinations).toEqual(['localhost/app:latest']);
    expect(planned.pullFrom).toBe('127.0.0.1:41234/app');
    expect(planned.plan.network.mode).toBe('slirp4netns:allow_host_loopback=true');
    expect(planned.plan.cache).toMatchObject({ mode: 'app-registry', repo: '10.0.2.2:41234/app/cache' });
    expect(planned.plan.cache.summary).toMatch(/127\.0\.0\.1:41234.*no login/);
    // No login exists for the app's registry, and none goes in.
    expect(
      executorLogins(planned, withCredentials({ '127.0.0.1:41234': 'never-used-1' })).configJson,
    ).toBeNull();
  });

  it('plans before the registry runs (port chosen at start) and says so', () => {
    const planned = planBuild(req({ cache: true }), inputs);
    expect(planned.cache).toMatchObject({ mode: 'app-registry', registry: '127.0.0.1:0' });
    expect(planned.plan.cache.summary).toMatch(/started with the build/);
  });

  it('is off without Cache: no cache flags, the default network, a tarball, --no-push-cache', () => {
    const planned = planBuild(req({ cache: false }), { ...inputs, appCacheRegistry: '127.0.0.1:41234' });
    expect(planned.plan.args.some((a) => a.startsWith('--cache'))).toBe(false);
    expect(planned.plan.args).toContain('--no-push-cache');
    expect(planned.plan.args).toContain('--tar-path=/kaniko/output/image.tar');
    expect(planned.pullFrom).toBeNull();
    expect(planned.plan.network.mode).toBe('default');
    expect(planned.plan.cache.mode).toBe('off');
  });
});

describe('the layer cache of a push build', () => {
  const push = (over: Partial<BuildRequestInput>) =>
    req({ mode: 'push', registry: 'ghcr.io', repository: 'alice/app', cache: true, ...over });

  it('stays in the app registry unless the user lets the container use the login', () => {
    const planned = planBuild(push({}), { ...inputs, appCacheRegistry: '127.0.0.1:5999' });
    expect(planned.plan.args).toContain('--cache-repo=10.0.2.2:5999/alice/app/cache');
    expect(planned.plan.args).toContain('--oci-layout-path=/kaniko/output/oci');
    expect(planned.pullFrom).toBeNull();
    const logins = executorLogins(planned, withCredentials({ 'ghcr.io': 'push-login-secret' }));
    expect(logins.configJson).toBeNull();
  });

  it('with the login allowed: <destination>/cache by default, the login goes in, said in the log', () => {
    const planned = planBuild(push({ cacheLogin: true }), inputs);
    expect(planned.plan.args).toContain('--cache-repo=ghcr.io/alice/app/cache');
    expect(planned.plan.cache.mode).toBe('registry');
    expect(planned.plan.network.mode).toBe('default');
    const logins = executorLogins(planned, withCredentials({ 'ghcr.io': 'push-login-secret' }));
    expect(JSON.parse(logins.configJson!.toString()).auths['ghcr.io']).toBeDefined();
    expect(logins.lines.join('\n')).toMatch(/ghcr\.io.*layer cache; Dockerfile steps can read it/);
  });

  it('an edited cache repository on a loopback registry is reached as 10.0.2.2 with its login', () => {
    const planned = planBuild(push({ cacheLogin: true, cacheRepo: '127.0.0.1:5000/team/cache' }), inputs);
    expect(planned.plan.args).toContain('--cache-repo=10.0.2.2:5000/team/cache');
    expect(planned.plan.args).toContain('--insecure-registry=10.0.2.2:5000');
    const logins = executorLogins(planned, withCredentials({ '127.0.0.1:5000': 'loopback-secret' }));
    expect(Object.keys(JSON.parse(logins.configJson!.toString()).auths)).toEqual(['10.0.2.2:5000']);
  });

  it('refuses a bad cache repository with a cacheRepo field error', () => {
    expect(
      fieldsOf(() => planBuild(push({ cacheLogin: true, cacheRepo: 'ghcr.io/a/cache:v1' }), inputs)),
    ).toEqual({
      cacheRepo: expect.stringMatching(/tag/),
    });
    expect(fieldsOf(() => planBuild(push({ cacheLogin: true, cacheRepo: 'Bad Name' }), inputs))).toEqual({
      cacheRepo: expect.stringMatching(/spaces/),
    });
    expect(
      fieldsOf(() =>
        planBuild(push({ cacheLogin: true, cacheRepo: 'ghcr.io/a@sha256:' + 'a'.repeat(64) }), inputs),
      ),
    ).toEqual({ cacheRepo: expect.stringMatching(/digest/) });
    // Typed but unused (no login allowed, or a local build): said, not silently ignored.
    expect(fieldsOf(() => planBuild(push({ cacheRepo: 'ghcr.io/a/cache' }), inputs))).toEqual({
      cacheRepo: expect.stringMatching(/tick that option/),
    });
    expect(fieldsOf(() => planBuild(req({ cache: true, cacheRepo: 'x/cache' }), inputs))).toHaveProperty(
      'cacheRepo',
    );
  });

  it('reports the cache field error together with the other field errors', () => {
    const fields = fieldsOf(() =>
      planBuild(push({ cacheLogin: true, cacheRepo: 'a:b', tags: ['bad tag'] }), inputs),
    );
    expect(Object.keys(fields).sort()).toEqual(['cacheRepo', 'tags.0']);
  });
});

describe('checkCacheRepo / planLayerCache', () => {
  it('accepts repositories with a registry port and familiar names', () => {
    expect(checkCacheRepo('127.0.0.1:5000/a/cache')).toMatchObject({
      ok: true,
      ref: { registry: '127.0.0.1:5000' },
    });
    expect(checkCacheRepo('alice/cache')).toMatchObject({ ok: true, ref: { registry: 'docker.io' } });
    expect(checkCacheRepo('cache:1')).toMatchObject({ ok: false });
  });

  it('is off when the destination is invalid (its own error says why)', () => {
    const r = planLayerCache(
      { cache: true, cacheRepo: '', cacheLogin: false, mode: 'local' },
      undefined,
      null,
    );
    expect(r).toEqual({ ok: true, cache: { mode: 'off' } });
  });
});
