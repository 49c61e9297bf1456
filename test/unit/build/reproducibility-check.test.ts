import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import type { EngineAccess } from '../../../electron/services/engine/engine-access';
import { HistoryStore } from '../../../electron/services/build/history/history-store';
import { ReproducibilityChecks } from '../../../electron/services/build/reproducibility/reproducibility-checks';
import { reproduciblePlan } from '../../../electron/services/build/reproducibility/reproducible-plan';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import { BuildRequest } from '../../../electron/shared/contract/build-request';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-repro-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const context = path.join(dir, 'ctx');
mkdirSync(context);
writeFileSync(path.join(context, 'Dockerfile'), 'FROM busybox\nRUN echo hi > /hi\n');

const inputs = { executorImage: 'gcr.io/kaniko-project/executor:v1.24.0', defaultContextDir: context };
const request = (mode: 'local' | 'push') =>
  BuildRequest.parse({
    contextDir: context,
    registry: 'registry.example.com',
    repository: 'team/app',
    mode,
    buildArgs: [{ key: 'V', value: '1' }],
  });

describe('the plan of a rebuild to compare', () => {
  it('a local build writes an OCI layout instead of the tarball, with --reproducible, every other argument kept', () => {
    const planned = planBuild(request('local'), inputs);
    const repro = reproduciblePlan(planned);
    expect(planned.plan.args.some((a) => a.startsWith('--tar-path='))).toBe(true);
    expect(repro.plan.args.some((a) => a.startsWith('--tar-path='))).toBe(false);
    expect(repro.plan.args).toContain('--oci-layout-path=/kaniko/output/oci');
    expect(repro.plan.args).toContain('--reproducible');
    expect(repro.plan.args).toContain('--no-push');
    expect(repro.plan.args).toContain('--build-arg=V=1');
    expect(repro.plan.args).toContain('--destination=registry.example.com/team/app:latest');
    expect(repro.plan.mode).toBe('local');
    // The original plan is not changed.
    expect(planned.plan.args).not.toContain('--reproducible');
  });

  it('a push build does not push (no login checked) and keeps a single layout path', () => {
    const repro = reproduciblePlan(planBuild(request('push'), inputs));
    expect(repro.plan.mode).toBe('local');
    expect(repro.plan.args.filter((a) => a.startsWith('--oci-layout-path='))).toEqual([
      '--oci-layout-path=/kaniko/output/oci',
    ]);
    expect(repro.plan.args.filter((a) => a === '--no-push')).toHaveLength(1);
    expect(repro.plan.args).toContain('--reproducible');
  });
});

describe('starting a rebuild and compare', () => {
  const redactor = new Redactor();
  const history = new HistoryStore(path.join(dir, 'history'), redactor);
  const hub = new EventHub(redactor);
  const tasks = new TaskManager(hub);
  const checks = new ReproducibilityChecks({
    engine: {} as EngineAccess,
    tasks,
    history,
    credentials: { authFor: () => null, verify: async () => undefined },
    installId: 'test',
    plan: (req) => planBuild(req, inputs),
    compared: () => undefined,
    now: () => 1,
  });
  const entry = (id: string, patch: Partial<HistoryEntry>): HistoryEntry => ({
    buildId: id,
    taskId: null,
    destinations: ['registry.example.com/team/app:latest'],
    mode: 'local',
    contextDir: context,
    dockerfile: 'Dockerfile',
    executorImage: inputs.executorImage,
    capabilities: [],
    result: 'succeeded',
    digest: null,
    pushed: [],
    loadedImages: [],
    startedAt: 1,
    endedAt: 2,
    durationMs: 1,
    error: null,
    failure: null,
    logLines: 0,
    request: request('local'),
    ...patch,
  });

  it('refuses an unknown build, one that did not succeed, and one recorded without its settings; no task starts', () => {
    history.put(entry('failed-one', { result: 'failed' }));
    history.put(entry('old-one', { request: undefined }));
    expect(() => checks.start('no-such-build')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => checks.start('failed-one')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/succeeded/) }),
    );
    expect(() => checks.start('old-one')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/without its settings/) }),
    );
    expect(tasks.list()).toEqual([]);
    expect(history.get('failed-one').comparison).toBeUndefined();
  });

  it('refuses a build whose context folder is gone with the validation error of a build', () => {
    history.put(entry('moved', { request: { ...request('local'), contextDir: path.join(dir, 'gone') } }));
    expect(() => checks.start('moved')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(tasks.list()).toEqual([]);
  });
});
