import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import { HistoryStore } from '../../../electron/services/build/history/history-store';
import {
  executorContainerSpec,
  explainUsernsShortage,
} from '../../../electron/services/build/runner/container-spec';
import { StageTracker } from '../../../electron/services/build/runner/stage-tracker';
import type { HistoryEntry } from '../../../electron/shared/contract/build';

describe('executor container spec', () => {
  it('is locked down, labelled, has no mounts, no env and no TTY', () => {
    const spec = executorContainerSpec({
      image: 'img',
      args: ['--no-push'],
      capAdd: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
      buildId: 'abc',
      installId: 'f00d',
    });
    expect(spec.HostConfig?.SecurityOpt).toEqual(['no-new-privileges']);
    expect(spec.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(spec.HostConfig?.CapAdd).toEqual(['CHOWN', 'FOWNER', 'DAC_OVERRIDE']);
    expect(spec.HostConfig?.Binds).toEqual([]);
    expect(spec.HostConfig?.Mounts).toBeUndefined();
    expect(spec.HostConfig?.Privileged).toBeUndefined();
    expect(spec.Env).toBeUndefined();
    expect(spec.Tty).toBe(false);
    expect(spec.Labels).toEqual({
      'io.kaniko-desktop.owned': '1',
      'io.kaniko-desktop.kind': 'build',
      'io.kaniko-desktop.build-id': 'abc',
      'io.kaniko-desktop.install': 'f00d',
    });
    expect(spec.Cmd).toEqual(['--no-push']);
  });
});

describe('executor container spec on a rootful engine', () => {
  it('gets a user namespace of its own; rootless engines keep theirs', () => {
    const input = { image: 'img', args: [], capAdd: [], buildId: 'abc', installId: 'f00d' };
    expect(executorContainerSpec({ ...input, rootfulEngine: true }).HostConfig?.UsernsMode).toBe('auto');
    expect(executorContainerSpec({ ...input, rootfulEngine: false }).HostConfig?.UsernsMode).toBeUndefined();
  });

  it('explains an engine without id ranges for it', () => {
    const err = {
      statusCode: 500,
      json: { message: 'creating container storage: could not find enough available IDs' },
    };
    expect(explainUsernsShortage(err)).toMatchObject({
      code: 'UNAVAILABLE',
      hint: expect.stringContaining('/etc/subuid'),
    });
    const other = new Error('no such image');
    expect(explainUsernsShortage(other)).toBe(other);
  });
});

describe('stage tracker', () => {
  it('closes each phase when the next starts, keeps one item per run of steps, marks the last failed', () => {
    const t = new StageTracker();
    t.enter('prepare', 'Preparing');
    t.enter('instruction', 'Step 1/2: COPY a b');
    t.enter('instruction', 'Step 2/2: EXPOSE 8080');
    t.progress(0.5);
    t.progress(0.3);
    t.finish(false);
    const s = t.snapshot();
    expect(s.stages.map((x) => [x.label, x.state])).toEqual([
      ['Preparing', 'done'],
      ['Step 2/2: EXPOSE 8080', 'failed'],
    ]);
    expect(s.progress).toBe(0.5);
  });

  it('stays a handful of items for a 1,500-step Dockerfile', () => {
    const t = new StageTracker();
    for (let i = 1; i <= 1500; i++) {
      t.enter('instruction', `Step ${i}/1500: RUN true`);
      t.enter('snapshot', 'Taking snapshot');
    }
    expect(t.snapshot().stages.map((x) => [x.key, x.label])).toEqual([
      ['instruction', 'Step 1500/1500: RUN true'],
    ]);
  });
});

describe('history store', () => {
  const entry = (id: string): HistoryEntry => ({
    buildId: id,
    taskId: null,
    destinations: ['localhost/a:1'],
    mode: 'local',
    contextDir: '/ctx',
    dockerfile: 'Dockerfile',
    executorImage: 'img',
    capabilities: ['CHOWN'],
    result: 'running',
    digest: null,
    pushed: [],
    loadedImages: [],
    startedAt: 1,
    endedAt: null,
    durationMs: null,
    error: null,
    failure: null,
    logLines: 0,
  });

  it('persists across instances, redacts logs and entries, marks unfinished builds interrupted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-hist-'));
    const redactor = new Redactor();
    redactor.add('s3cret-token', { username: 'bob' });
    const h = new HistoryStore(dir, redactor);
    h.put({ ...entry('b1'), error: { code: 'INTERNAL', message: 'failed with s3cret-token' } });
    const log = h.openLog('b1');
    log.append(['line one', `auth ${Buffer.from('bob:s3cret-token').toString('base64')}`]);
    await log.close();

    const again = new HistoryStore(dir, redactor);
    expect(again.markUnfinishedInterrupted(() => false)).toEqual(['b1']);
    expect(again.get('b1').result).toBe('interrupted');
    expect(await again.readLog('b1')).toEqual(['line one', 'auth ••••••']);
    for (const f of readdirSync(dir))
      expect(readFileSync(path.join(dir, f), 'utf8')).not.toMatch(/s3cret|Ym9iOnMzY3JldC10b2tlbg/);
    expect(again.delete('b1')).toBe(true);
    expect(new HistoryStore(dir, redactor).list()).toEqual([]);
  });

  it('refuses ids that are not safe file names', () => {
    const h = new HistoryStore(mkdtempSync(path.join(os.tmpdir(), 'kd-hist-')), new Redactor());
    expect(() => h.logPath('../../etc/passwd')).toThrow(/Invalid build id/);
  });
});
