import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { podman, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { startBuildApp, taskLog, waitFor, type BuildTestApp } from './build-app';

// The Build page's check before the first build, through the app's own dispatch: is the executor image
// from Settings present, pull it as a task, or load it from a `podman save` archive.
let t: BuildTestApp;
let dir: string;
const image = `localhost/kd-exec-check:${Date.now()}`;

beforeAll(async () => {
  t = await startBuildApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'kd-exec-archive-'));
  chmodSync(dir, 0o777); // the rootless engine user writes the archive here
});

afterAll(async () => {
  await podman(['rmi', '-f', image]);
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('executor image check (build.executorImage / executorLoad / executorPull)', () => {
  test('missing → load from an archive file → present; bad files are refused with a field error', async () => {
    const archive = path.join(dir, 'executor.tar');
    await podmanOk(['tag', testEnv().baseImage, image]);
    await podmanOk(['save', '--format', 'docker-archive', '-o', archive, image]);
    await podmanOk(['rmi', image]);
    await t.ok('settings.update', { executorImage: image });
    expect(await t.ok('build.executorImage', {})).toEqual({ image, present: false });

    const relative = await t.call('build.executorLoad', { path: 'executor.tar' });
    expect(relative.ok ? null : relative.error.fields).toEqual({
      path: 'Enter the full path of the image archive.',
    });
    const notTar = path.join(dir, 'not-a-tar.txt');
    writeFileSync(notTar, 'hello\n');
    const bad = await t.call('build.executorLoad', { path: notTar });
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION');
    expect(bad.ok ? null : bad.error.fields?.path).toBe('Not an image archive Podman can load.');
    expect(await t.ok('build.executorImage', {})).toEqual({ image, present: false });

    const loaded = await t.ok<{ present: boolean; loaded: string[] }>('build.executorLoad', {
      path: archive,
    });
    expect(loaded.present).toBe(true);
    expect(loaded.loaded.join(' ')).toContain('kd-exec-check');
    expect(await t.ok('build.executorImage', {})).toEqual({ image, present: true });
  });

  test('an archive of another image loads but says it does not hold the executor image', async () => {
    const other = path.join(dir, 'other.tar');
    await podmanOk(['save', '--format', 'docker-archive', '-o', other, testEnv().baseImage]);
    await t.ok('settings.update', { executorImage: `localhost/kd-exec-absent:${Date.now()}` });
    const r = await t.call('build.executorLoad', { path: other });
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    expect(r.ok ? '' : r.error.message).toMatch(
      /^The archive was loaded \(.*kd-busybox.*\), but it does not hold /,
    );
    expect(r.ok ? '' : r.error.hint).toContain('in Settings');
  });

  test('Pull now runs as a task; a failed pull ends the task with the Settings hint in its log', async () => {
    const missing = `${testEnv().registry}/kd-missing-executor:check`;
    await t.ok('settings.update', { executorImage: missing });
    const { taskId } = await t.ok<{ taskId: string }>('build.executorPull', {});
    let state = '';
    await waitFor(
      async () => {
        const tasks = await t.ok<{ id: string; state: string; kind: string }[]>('tasks.list', {});
        state = tasks.find((x) => x.id === taskId)?.state ?? '';
        return state !== 'running';
      },
      30_000,
      'pull task ended',
    );
    expect(state).toBe('failed');
    const tasks = await t.ok<{ id: string; kind: string; error: { hint?: string } | null }[]>(
      'tasks.list',
      {},
    );
    const task = tasks.find((x) => x.id === taskId);
    expect(task?.kind).toBe('executor.pull');
    expect(task?.error?.hint).toBe('Set another executor image in Settings, or load it with podman load.');
    expect((await taskLog(t, taskId))[0]).toBe(
      `Executor image ${missing} is not in Podman's storage; pulling it.`,
    );
  });
});
