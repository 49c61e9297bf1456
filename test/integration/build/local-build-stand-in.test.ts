import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import { buildStandInExecutor } from '../../fixtures/stand-in-executor';
import { podman, podmanJson, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { makeContext, payloadsOf, startBuildApp, taskLog, waitFor, type BuildTestApp } from './build-app';

// Real Podman, real app; the executor is the STAND-IN image (Kaniko cannot be pulled here), run with the
// production security options through the production code path.
const env = testEnv();
let t: BuildTestApp;
const tag = `t${Date.now()}`;

async function buildContainers(): Promise<string[]> {
  const out = await podmanOk([
    'ps',
    '-a',
    '--filter',
    'label=io.kaniko-desktop.kind=build',
    '--format',
    '{{.ID}}',
  ]);
  return out.split('\n').filter(Boolean);
}

beforeAll(async () => {
  await buildStandInExecutor(env.podmanSocket);
  t = await startBuildApp();
});
afterAll(async () => {
  await t?.close();
  await podman(['rmi', '-f', `localhost/kd-build-test/page:${tag}`]);
});

describe('local-only build of the bundled context with the stand-in executor', () => {
  it('plans with exactly the base capabilities for a COPY-only Dockerfile', async () => {
    const plan = await t.ok<{ security: { capAdd: string[]; capDrop: string[] }; args: string[] }>(
      'build.plan',
      {
        registry: 'localhost',
        repository: 'kd-build-test/page',
        tags: [tag],
        mode: 'local',
      },
    );
    expect(plan.security.capDrop).toEqual(['ALL']);
    expect([...plan.security.capAdd].sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']);
    expect(plan.args).toContain('--no-push');
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

  it('builds, loads the image into Podman, serves the page, and proves the security options from inside', async () => {
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      registry: 'localhost',
      repository: 'kd-build-test/page',
      tags: [tag],
      mode: 'local',
    });
    const result = await t.finished(buildId);
    expect(result.error).toBeNull();
    expect(result.result).toBe('succeeded');
    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const ref = `localhost/kd-build-test/page:${tag}`;
    expect(result.loadedImages.join(',')).toContain(`kd-build-test/page:${tag}`);

    const log = (await taskLog(t, taskId)).join('\n');
    // From /proc/self/status inside the executor: CHOWN(0)|DAC_OVERRIDE(1)|FOWNER(3) = 0xb, and NoNewPrivs.
    expect(log).toMatch(/CapEff=0{15}b NoNewPrivs=1/);
    expect(log).toContain('COPY index.html /usr/share/nginx/html/');

    // Stages advanced in order and progress reached 1.
    const stageEvents = payloadsOf(t.events, 'build.stage').filter((p) => p.buildId === buildId);
    const keys = new Set(stageEvents.flatMap((p) => p.stages.map((s) => s.key)));
    for (const k of ['prepare', 'pull', 'unpack', 'instruction', 'load']) expect(keys).toContain(k);
    expect(stageEvents.at(-1)?.progress).toBe(1);
    expect(stageEvents.at(-1)?.stages.every((s) => s.state === 'done')).toBe(true);

    const images = await podmanJson<{ Names?: string[] }[]>(['images', '--format', 'json']);
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
          return body.includes('Built with Kaniko Desktop');
        },
        15_000,
        'the built image to serve the page',
      );
      expect(body).toContain('Built with Kaniko Desktop');
    } finally {
      await podman(['rm', '-f', '-t', '0', name]);
    }

    const entry = await t.ok<HistoryEntry & { log: string[] }>('history.get', { buildId });
    expect(entry.result).toBe('succeeded');
    expect(entry.digest).toBe(result.digest);
    expect(entry.capabilities).toEqual(['CHOWN', 'FOWNER', 'DAC_OVERRIDE']);
    expect(entry.log.join('\n')).toMatch(/CapEff=0{15}b/);
  });

  it('a failing build is explained (what happened, what to do) and leaves no container', async () => {
    const contextDir = makeContext({
      Dockerfile: 'FROM localhost/kd-busybox:latest\nCOPY a.txt /srv/\nRUN make\n# stand-in: fail\n',
      'a.txt': 'a\n',
    });
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir,
      registry: 'localhost',
      repository: 'kd-build-test/fail',
      mode: 'local',
    });
    const result = await t.finished(buildId);
    expect(result.result).toBe('failed');
    expect(result.failure?.code).toBe('run-failed');
    expect(result.error?.message).toMatch(/build failed/i);
    expect(result.error?.hint?.length ?? 0).toBeGreaterThan(5);
    expect(await buildContainers()).toEqual([]);
    const list = await t.ok<HistoryEntry[]>('history.list', {});
    expect(list.find((e) => e.buildId === buildId)?.result).toBe('failed');
  });

  it('cancel mid-build kills and removes the container within 2 s', async () => {
    const contextDir = makeContext({
      Dockerfile: 'FROM x\nCOPY a.txt /srv/\n# stand-in: hang\n',
      'a.txt': 'a\n',
    });
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir,
      registry: 'localhost',
      repository: 'kd-build-test/hang',
      mode: 'local',
    });
    await waitFor(
      async () => (await taskLog(t, taskId)).some((l) => l.includes('hanging on purpose')),
      30_000,
      'hang',
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
