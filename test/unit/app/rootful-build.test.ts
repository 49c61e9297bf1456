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

  it('a rootless engine builds without a question', async () => {
    const s = setup(true, false);
    await s.h['build.start'](req, ctx);
    expect(s.asked).toEqual([]);
    expect(s.started).toHaveLength(1);
  });
});
