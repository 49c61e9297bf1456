import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import { HistoryStore } from '../../../electron/services/build/history/history-store';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/shared/executor-release';
import { podman, podmanOk } from '../../support/podman-cli';
import { startBuildApp, waitFor, type BuildTestApp } from './build-app';

// What a crash leaves: a labelled build container still there and a history entry still 'running'.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-build-crash-'));
let t: BuildTestApp | null = null;
const known = randomUUID();
const unknown = randomUUID();

async function leaveContainer(buildId: string): Promise<void> {
  await podmanOk([
    'create',
    '--label',
    'io.kaniko-desktop.owned=1',
    '--label',
    'io.kaniko-desktop.kind=build',
    '--label',
    `io.kaniko-desktop.build-id=${buildId}`,
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
  await leaveContainer(known);
  await leaveContainer(unknown);
});
afterAll(async () => {
  await t?.close();
  await podman(['rm', '-f', '-t', '0', '--filter', `label=io.kaniko-desktop.build-id=${known}`]);
});

describe('start-up after a crash', () => {
  it('removes build containers left behind and records their builds as interrupted', async () => {
    const count = async () =>
      (await podmanOk(['ps', '-a', '--filter', 'label=io.kaniko-desktop.kind=build', '-q']))
        .split('\n')
        .filter(Boolean).length;
    expect(await count()).toBe(2);
    t = await startBuildApp(dir);
    await waitFor(async () => (await count()) === 0, 15_000, 'leftover build containers removed');
    const list = await t.ok<HistoryEntry[]>('history.list', {});
    expect(list.find((e) => e.buildId === known)?.result).toBe('interrupted');
    expect(list.find((e) => e.buildId === unknown)?.result).toBe('interrupted');
  });
});
