import { describe, expect, it } from 'vitest';
import { Approvals, type ConfirmRequest } from '../../../electron/app/confirm';
import { buildHandlers } from '../../../electron/app/handlers/build';
import type { ExecutorImageService } from '../../../electron/services/build/executor-image-service';
import type { BuildService } from '../../../electron/services/build/runner/build-service';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import type { EngineStatus } from '../../../electron/shared/contract/engine';

function setup(rootless: boolean, answer: boolean) {
  const asked: ConfirmRequest[] = [];
  const started: unknown[] = [];
  const builds = {
    start: (req: unknown) => {
      started.push(req);
      return { taskId: 't1', buildId: 'b1', result: Promise.resolve() };
    },
    checks: {
      start: (buildId: string) => {
        started.push(buildId);
        return { taskId: 't2', result: Promise.resolve() };
      },
    },
  } as unknown as BuildService;
  const status: EngineStatus = {
    state: 'connected',
    socketPath: '/run/podman/podman.sock',
    source: 'default',
    rootless,
    checkedAt: 0,
  };
  const h = buildHandlers(
    builds,
    { engine: { status: () => status }, approvals: new Approvals(async (q) => (asked.push(q), answer)) },
    {} as ExecutorImageService,
  );
  return { h, asked, started };
}

const req = BuildRequest.parse({});
const ctx = { transport: 'browser' as const };

describe('building on a rootful engine', () => {
  it('asks first, naming the engine; a no builds nothing', async () => {
    const s = setup(false, false);
    await expect(s.h['build.start'](req, ctx)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.asked[0]?.title).toMatch(/rootful/i);
    expect(s.asked[0]?.detail).toContain('/run/podman/podman.sock');
    expect(s.started).toEqual([]);
  });

  it('a yes builds, and is remembered for that engine', async () => {
    const s = setup(false, true);
    await s.h['build.start'](req, ctx);
    await s.h['build.start'](req, ctx);
    expect(s.asked).toHaveLength(1);
    expect(s.started).toHaveLength(2);
  });

  it('"Rebuild and compare" asks the same question; a no rebuilds nothing', async () => {
    const s = setup(false, false);
    await expect(s.h['build.compare']({ buildId: 'b1' }, ctx)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.asked[0]?.title).toMatch(/rootful/i);
    expect(s.started).toEqual([]);
    const yes = setup(false, true);
    expect(await yes.h['build.compare']({ buildId: 'b1' }, ctx)).toEqual({ taskId: 't2' });
    expect(yes.started).toEqual(['b1']);
  });

  it('a rootless engine builds without a question', async () => {
    const s = setup(true, false);
    await s.h['build.start'](req, ctx);
    expect(s.asked).toEqual([]);
    expect(s.started).toHaveLength(1);
  });
});
