import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import type { ReproducibilityReport } from '../../../electron/shared/contract/reproducibility';
import type { TaskInfo } from '../../../electron/shared/contract/tasks';
import { dockerfileFromRegistryBase, makeContext } from '../../support/build-contexts';
import { podman, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { fetchManifest } from '../registry-push/registry-api';
import {
  buildContainers,
  payloadsOf,
  saveRegistryLogin,
  startBuildApp,
  taskLog,
  waitFor,
  type BuildTestApp,
} from './build-app';

// "Rebuild and compare" with the REAL Kaniko executor: a build from the history is run twice with
// --reproducible, both images are read back and diffed. Real Podman, base image from the harness registry.
let t: BuildTestApp;
const tag = `r${Date.now()}`;
const repos = ['kd-repro/stable', 'kd-repro/random'];
/** The compare's temp folders go here (TMPDIR while it runs), so leftovers can be counted. */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'kd-repro-tmp-'));
const realTmp = process.env.TMPDIR;

async function imageNames(): Promise<string> {
  return podmanOk(['images', '--format', '{{.Repository}}:{{.Tag}}']);
}

/** Builds the context (local-only) and returns its history id once it succeeded. */
async function build(contextDir: string, repository: string): Promise<string> {
  const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
    contextDir,
    registry: 'localhost',
    repository,
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  });
  const result = await t.finished(buildId, 120_000);
  if (result.error) console.log((await taskLog(t, taskId)).join('\n'));
  expect(result.result).toBe('succeeded');
  return buildId;
}

async function taskEnd(taskId: string, timeoutMs: number): Promise<TaskInfo> {
  let info: TaskInfo | undefined;
  await waitFor(
    () => {
      info = payloadsOf(t.events, 'tasks.updated').findLast((p) => p.id === taskId);
      return info !== undefined && info.state !== 'running';
    },
    timeoutMs,
    `task ${taskId} to end`,
  );
  return info as TaskInfo;
}

/** Runs "Rebuild and compare" on a history entry; returns the report and the task's log. */
async function compare(buildId: string): Promise<{ report: ReproducibilityReport; log: string[] }> {
  process.env.TMPDIR = tmp;
  try {
    const { taskId } = await t.ok<{ taskId: string }>('build.compare', { buildId });
    const info = await taskEnd(taskId, 240_000);
    const log = await taskLog(t, taskId);
    if (info.state !== 'succeeded') console.log(log.join('\n'));
    expect(info.state).toBe('succeeded');
    expect(info.kind).toBe('build.compare');
    const report = payloadsOf(t.events, 'build.compared').findLast((p) => p.buildId === buildId)?.report;
    expect(report).toBeDefined();
    return { report: report as ReproducibilityReport, log };
  } finally {
    if (realTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = realTmp;
  }
}

beforeAll(async () => {
  t = await startBuildApp();
  await saveRegistryLogin(t);
});
afterAll(async () => {
  await t?.close();
  for (const r of repos) await podman(['rmi', '-f', `localhost/${r}:${tag}`]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('rebuild and compare with the real Kaniko executor', () => {
  it('a reproducible Dockerfile (COPY, RUN writing fixed content) gives equal digests, kept in the history', async () => {
    const buildId = await build(
      makeContext({
        Dockerfile: dockerfileFromRegistryBase(
          'COPY a.txt /srv/a.txt',
          'RUN echo fixed > /srv/b.txt && chmod 600 /srv/b.txt',
        ),
        'a.txt': 'same every time\n',
      }),
      repos[0] as string,
    );
    const imagesBefore = await imageNames();
    const { report, log } = await compare(buildId);
    expect(report.reproducible).toBe(true);
    expect(report.digestA).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(report.digestB).toBe(report.digestA);
    expect(report.configDifferences).toEqual([]);
    expect(report.layers.length).toBeGreaterThanOrEqual(3); // the base, COPY, RUN
    expect(report.layers.every((l) => l.same && l.files.length === 0)).toBe(true);
    expect(log.join('\n')).toContain('--reproducible');
    expect(log).toContain(`Reproducible: both rebuilds are ${report.digestA}.`);

    // Kept with the entry; nothing left behind: no container, no temp folder, no new image.
    const entry = await t.ok<HistoryEntry>('history.get', { buildId });
    expect(entry.comparison).toEqual(report);
    expect(await buildContainers()).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(await imageNames()).toBe(imagesBefore);
  });

  it('a RUN writing random bytes gives different digests; the diff names that file with "content"', async () => {
    const buildId = await build(
      makeContext({
        Dockerfile: dockerfileFromRegistryBase(
          'COPY a.txt /srv/a.txt',
          'RUN head -c 16 /dev/urandom > /r && echo fixed > /fixed',
        ),
        'a.txt': 'same every time\n',
      }),
      repos[1] as string,
    );
    const { report } = await compare(buildId);
    expect(report.reproducible).toBe(false);
    expect(report.digestB).not.toBe(report.digestA);
    const differing = report.layers.filter((l) => !l.same);
    // Only the RUN layer differs: the base and the COPY layer are the same in both rebuilds.
    expect(differing).toHaveLength(1);
    expect(differing[0]?.index).toBe(report.layers.length - 1);
    const files = differing[0]?.files ?? [];
    const r = files.find((f) => f.path === 'r');
    expect(r).toMatchObject({ change: 'changed' });
    expect(r?.differences).toContain('content');
    expect(r?.a?.sha256).not.toBe(r?.b?.sha256);
    expect(r?.a?.size).toBe(16);
    expect(files.some((f) => f.path === 'fixed')).toBe(false);
    expect(report.configDifferences).toContain('rootfs');
    expect((await t.ok<HistoryEntry>('history.get', { buildId })).comparison).toEqual(report);
    expect(await buildContainers()).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a push build is rebuilt without pushing: the tag in the registry keeps the digest of the build', async () => {
    const env = testEnv();
    const repository = 'kd-repro/pushed';
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir: makeContext({
        Dockerfile: dockerfileFromRegistryBase('COPY a.txt /a.txt'),
        'a.txt': 'a\n',
      }),
      registry: env.registry,
      repository,
      tags: [tag],
      mode: 'push',
      baseImageLogin: true,
    });
    const pushed = await t.finished(buildId, 120_000);
    expect(pushed.result).toBe('succeeded');
    const accept =
      'application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json';
    const before = await fetchManifest(env, repository, tag, accept);
    expect(before.digestHeader).toBe(pushed.digest);

    const { report, log } = await compare(buildId);
    expect(report.reproducible).toBe(true);
    expect(log.join('\n')).not.toMatch(/Pushing to|Pushed /);
    expect((await fetchManifest(env, repository, tag, accept)).digestHeader).toBe(pushed.digest);
    expect(await buildContainers()).toEqual([]);
  });

  it('cancel during a rebuild removes its container and keeps the earlier report', async () => {
    const buildId = (await t.ok<HistoryEntry[]>('history.list', {})).find((e) =>
      e.destinations.some((d) => d.includes(repos[0] as string)),
    )?.buildId as string;
    const before = (await t.ok<HistoryEntry>('history.get', { buildId })).comparison;
    expect(before?.reproducible).toBe(true);
    process.env.TMPDIR = tmp;
    try {
      const { taskId } = await t.ok<{ taskId: string }>('build.compare', { buildId });
      await waitFor(async () => (await buildContainers()).length === 1, 60_000, 'a rebuild container');
      // A second compare of the same build is refused while this one runs.
      const again = await t.call('build.compare', { buildId });
      expect(again.ok ? null : again.error.code).toBe('CONFLICT');
      expect(await t.ok('tasks.cancel', { taskId })).toEqual({ cancelled: true });
      const info = await taskEnd(taskId, 30_000);
      expect(info.state).toBe('cancelled');
    } finally {
      if (realTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = realTmp;
    }
    await waitFor(async () => (await buildContainers()).length === 0, 5_000, 'no build container');
    expect(readdirSync(tmp)).toEqual([]);
    expect((await t.ok<HistoryEntry>('history.get', { buildId })).comparison).toEqual(before);
  });
});
