import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import { HistoryStore } from '../../../electron/services/build/history/history-store';
import { createConfSettingsStore } from '../../../electron/services/settings/settings-store';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/shared/executor-release';
import { podman, podmanOk } from '../../support/podman-cli';
import { startBuildApp, waitFor, type BuildTestApp } from './build-app';

// What a crash leaves: a labelled build container still there and a history entry still 'running'.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-build-crash-'));
let t: BuildTestApp | null = null;
const known = randomUUID();
const unknown = randomUUID();
// Containers that carry the app's labels but not this install's value: another install's, or an image
// that copies the labels. Recovery must leave them alone.
const foreign = randomUUID();
const installId = randomUUID().replace(/-/g, '');

async function leaveContainer(buildId: string, install: string | null = installId): Promise<void> {
  await podmanOk([
    'create',
    '--label',
    'io.kaniko-desktop.owned=1',
    '--label',
    'io.kaniko-desktop.kind=build',
    '--label',
    `io.kaniko-desktop.build-id=${buildId}`,
    ...(install ? ['--label', `io.kaniko-desktop.install=${install}`] : []),
    DEFAULT_EXECUTOR_IMAGE,
    '--no-push',
  ]);
}

beforeAll(async () => {
  const history = new HistoryStore(path.join(dir, 'history'), new Redactor());
  const entry: HistoryEntry = {
    buildId: known,
    taskId: 'gone',
    destinations: ['localhost/crashed:latest'],
    mode: 'local',
    contextDir: '/tmp',
    dockerfile: 'Dockerfile',
    executorImage: DEFAULT_EXECUTOR_IMAGE,
    capabilities: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
    result: 'running',
    digest: null,
    pushed: [],
    loadedImages: [],
    startedAt: Date.now() - 5000,
    endedAt: null,
    durationMs: null,
    error: null,
    failure: null,
    logLines: 0,
  };
  history.put(entry);
  createConfSettingsStore(dir).write({ installId });
  await leaveContainer(known);
  await leaveContainer(unknown);
  await leaveContainer(foreign, 'another-install');
  await leaveContainer(foreign, null);
});
afterAll(async () => {
  await t?.close();
  await podman(['rm', '-f', '-t', '0', '--filter', `label=io.kaniko-desktop.build-id=${known}`]);
  await podman(['rm', '-f', '-t', '0', '--filter', `label=io.kaniko-desktop.build-id=${foreign}`]);
});

describe('start-up after a crash', () => {
  it('removes build containers left behind and records their builds as interrupted', async () => {
    const count = async (label = `io.kaniko-desktop.install=${installId}`) =>
      (
        await podmanOk([
          'ps',
          '-a',
          '--filter',
          'label=io.kaniko-desktop.kind=build',
          '--filter',
          `label=${label}`,
          '-q',
        ])
      )
        .split('\n')
        .filter(Boolean).length;
    const foreignLeft = () => count(`io.kaniko-desktop.build-id=${foreign}`);
    expect(await count()).toBe(2);
    expect(await foreignLeft()).toBe(2);
    t = await startBuildApp(dir);
    await waitFor(async () => (await count()) === 0, 15_000, 'leftover build containers removed');
    expect(await foreignLeft()).toBe(2);
    const list = await t.ok<HistoryEntry[]>('history.list', {});
    expect(list.find((e) => e.buildId === known)?.result).toBe('interrupted');
    expect(list.find((e) => e.buildId === unknown)?.result).toBe('interrupted');
  });
});
