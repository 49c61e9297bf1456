import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildPlan, HistoryEntry } from '../../../electron/shared/contract/build';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/shared/executor-release';
import {
  failingContext,
  hangingContext,
  HANG_MARKER,
  makeContext,
  PAGE_TEXT,
  pageContext,
  dockerfileFromRegistryBase,
} from '../../support/build-contexts';
import { podman, podmanJson, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import {
  buildContainers,
  payloadsOf,
  saveRegistryLogin,
  startBuildApp,
  taskLog,
  waitFor,
  type BuildTestApp,
} from './build-app';

// Real Podman, the real app, the REAL Kaniko executor (built from source by the harness), base images from
// the harness's htpasswd registry on loopback: the production code path end to end.
const env = testEnv();
let t: BuildTestApp;
const tag = `t${Date.now()}`;

beforeAll(async () => {
  t = await startBuildApp();
  await saveRegistryLogin(t);
});
afterAll(async () => {
  await t?.close();
  await podman(['rmi', '-f', `localhost/kd-build-test/page:${tag}`]);
});

describe('local-only builds with the real Kaniko executor', () => {
  it('plans the base capabilities, the loopback network and the registry map for a COPY-only Dockerfile', async () => {
    const plan = await t.ok<BuildPlan>('build.plan', {
      contextDir: pageContext(),
      registry: 'localhost',
      repository: 'kd-build-test/page',
      tags: [tag],
      mode: 'local',
    });
    expect(plan.executorImage).toBe(DEFAULT_EXECUTOR_IMAGE);
    expect(plan.security.capDrop).toEqual(['ALL']);
    expect([...plan.security.capAdd].sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']);
    expect(plan.args).toContain('--no-push');
    const port = env.registry.split(':')[1];
    expect(plan.network.mode).toBe('slirp4netns:allow_host_loopback=true');
    expect(plan.network.summary).toContain(env.registry);
    expect(plan.args).toContain(`--registry-map=${env.registry}=10.0.2.2:${port}`);
  });

  it('a Dockerfile whose bases are all on the internet keeps the default network', async () => {
    const plan = await t.ok<BuildPlan>('build.plan', {
      contextDir: makeContext({ Dockerfile: 'FROM docker.io/library/nginx:1.27\nCOPY a /a\n', a: 'a' }),
      registry: 'localhost',
      repository: 'kd-build-test/internet',
      mode: 'local',
    });
    expect(plan.network.mode).toBe('default');
    expect(plan.args.some((a) => a.startsWith('--registry-map'))).toBe(false);
  });

  it('field errors come back as VALIDATION with fields, before anything runs', async () => {
    const r = await t.call('build.start', { repository: 'Bad Name', tags: ['x'], mode: 'local' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(Object.keys(r.error.fields ?? {})).toContain('repository');
    }
    expect(await buildContainers()).toEqual([]);
  });

  it('builds, loads the image into Podman and the image serves the page', async () => {
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir: pageContext(),
      registry: 'localhost',
      repository: 'kd-build-test/page',
      tags: [tag],
      mode: 'local',
      baseImageLogin: true,
    });
    const result = await t.finished(buildId, 90_000);
    if (result.error) console.log((await taskLog(t, taskId)).join('\n'));
    expect(result.error).toBeNull();
    expect(result.result).toBe('succeeded');
    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const ref = `localhost/kd-build-test/page:${tag}`;
    expect(result.loadedImages.join(',')).toContain(`kd-build-test/page:${tag}`);

    const log = (await taskLog(t, taskId)).join('\n');
    // Kaniko's own lines: the base pulled through the registry map, the COPY echoed, no push.
    expect(log).toContain(`Retrieving image ${env.registryBaseImage} from mapped registry 10.0.2.2:`);
    expect(log).toContain('COPY index.html /www/index.html');
    expect(log).toContain('Skipping push to container registry due to --no-push flag');
    expect(log).toContain(`saved login for ${env.registry}`);

    const stageEvents = payloadsOf(t.events, 'build.stage').filter((p) => p.buildId === buildId);
    const keys = new Set(stageEvents.flatMap((p) => p.stages.map((s) => s.key)));
    for (const k of ['prepare', 'pull', 'unpack', 'instruction', 'load']) expect(keys).toContain(k);
    expect(stageEvents.at(-1)?.progress).toBe(1);

    const images = await podmanJson<{ Names?: string[]; Digest?: string }[]>(['images', '--format', 'json']);
    expect(images.some((i) => (i.Names ?? []).includes(ref))).toBe(true);
    expect(await buildContainers()).toEqual([]);

    const port = 18_000 + Math.floor(Math.random() * 2000);
    const name = `kd-build-serve-${tag}`;
    await podmanOk([
      'run',
      '-d',
      '--name',
      name,
      '--label',
      'io.kaniko-desktop.test=1',
      '-p',
      `127.0.0.1:${port}:8080`,
      ref,
    ]);
    try {
      let body = '';
      await waitFor(
        async () => {
          body = await fetch(`http://127.0.0.1:${port}/`)
            .then((r) => r.text())
            .catch(() => '');
          return body.includes(PAGE_TEXT);
        },
        15_000,
        'the built image to serve the page',
      );
      expect(body).toContain(PAGE_TEXT);
    } finally {
      await podman(['rm', '-f', '-t', '0', name]);
    }

    const entry = await t.ok<HistoryEntry & { log: string[] }>('history.get', { buildId });
    expect(entry.result).toBe('succeeded');
    expect(entry.digest).toBe(result.digest);
    expect(entry.capabilities).toEqual(['CHOWN', 'FOWNER', 'DAC_OVERRIDE']);
  });

  it('without the base image login the pull is refused by the registry and explained', async () => {
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir: pageContext(),
      registry: 'localhost',
      repository: 'kd-build-test/nologin',
      mode: 'local',
    });
    const result = await t.finished(buildId, 60_000);
    expect(result.result).toBe('failed');
    expect(result.error?.code).toBe('AUTH_FAILED');
    expect(result.error?.message).toContain(`base image ${env.registryBaseImage} asked for a login`);
    expect(result.error?.hint).toMatch(/private base images/);
    expect(await buildContainers()).toEqual([]);
  });

  it('RUN steps run with exactly the derived capabilities and no-new-privileges', async () => {
    const contextDir = makeContext({
      Dockerfile: dockerfileFromRegistryBase('RUN grep -E "^(CapEff|NoNewPrivs)" /proc/self/status'),
    });
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir,
      registry: 'localhost',
      repository: 'kd-build-test/caps',
      mode: 'local',
      baseImageLogin: true,
    });
    const result = await t.finished(buildId, 90_000);
    expect(result.error).toBeNull();
    const log = (await taskLog(t, taskId)).join('\n');
    const entry = await t.ok<HistoryEntry>('history.get', { buildId });
    const bit: Record<string, number> = {
      CHOWN: 0,
      DAC_OVERRIDE: 1,
      FOWNER: 3,
      FSETID: 4,
      KILL: 5,
      SETGID: 6,
      SETUID: 7,
      SETFCAP: 31,
    };
    const mask = entry.capabilities.reduce((m, c) => m | (1n << BigInt(bit[c] ?? 63)), 0n);
    expect(log).toMatch(new RegExp(`CapEff:\\s+${mask.toString(16).padStart(16, '0')}`));
    expect(log).toMatch(/NoNewPrivs:\s+1/);
    await podman(['rmi', '-f', 'localhost/kd-build-test/caps:latest']);
  });

  it('a failing RUN step is explained (what happened, what to do) and leaves no container', async () => {
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir: failingContext(),
      registry: 'localhost',
      repository: 'kd-build-test/fail',
      mode: 'local',
      baseImageLogin: true,
    });
    const result = await t.finished(buildId, 90_000);
    expect(result.result).toBe('failed');
    expect(result.failure?.code).toBe('run-failed');
    expect(result.error?.code).toBe('BUILD_FAILED');
    expect(result.failure).toMatchObject({ exitStatus: 3, step: { text: expect.stringMatching(/^RUN /) } });
    expect(result.failure?.lastLines.length ?? 0).toBeGreaterThan(0);
    expect(result.error?.message).toMatch(/build failed/i);
    expect(`${result.error?.message} ${result.failure?.explanation}`).toMatch(/status 3\b/);
    expect(result.error?.hint?.length ?? 0).toBeGreaterThan(5);
    expect(await buildContainers()).toEqual([]);
    const list = await t.ok<HistoryEntry[]>('history.list', {});
    expect(list.find((e) => e.buildId === buildId)?.result).toBe('failed');
  });

  it('cancel during a long RUN step kills and removes the container within 2 s', async () => {
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir: hangingContext(),
      registry: 'localhost',
      repository: 'kd-build-test/hang',
      mode: 'local',
      baseImageLogin: true,
    });
    await waitFor(
      async () => (await taskLog(t, taskId)).some((l) => l === HANG_MARKER),
      60_000,
      'the RUN step to start',
    );
    expect((await buildContainers()).length).toBe(1);
    const started = Date.now();
    expect(await t.ok('build.cancel', { buildId })).toEqual({ cancelled: true });
    await waitFor(async () => (await buildContainers()).length === 0, 2_000, 'no build container');
    expect(Date.now() - started).toBeLessThan(2_000);
    const result = await t.finished(buildId, 10_000);
    expect(result.result).toBe('cancelled');
  });
});
