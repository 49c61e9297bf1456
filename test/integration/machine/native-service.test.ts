import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketAnswers } from '../../../electron/services/machine/native-service';
import { machineService, machineTestEnv, runAsUser, type MachineTestEnv } from './machine-user';

/** Linux without a machine: the app starts a rootless `podman system service` and stops it on quit. */
describe('native rootless Podman service (real podman, unprivileged user)', () => {
  let t: MachineTestEnv;

  beforeAll(async () => {
    t = await machineTestEnv();
    const runtime = path.join(t.workDir, 'run');
    // podman wants its runtime dir owned by the user it runs as
    await runAsUser(t, ['mkdir', '-m', '700', '-p', path.join(runtime, 'podman')]);
    t.env = { ...t.env, XDG_RUNTIME_DIR: runtime, CONTAINERS_CONF: process.env.CONTAINERS_CONF };
  });

  afterAll(async () => {
    await rm(t.workDir, { recursive: true, force: true });
  });

  it('starts on request, answers on $XDG_RUNTIME_DIR/podman/podman.sock, and stops on dispose', async () => {
    const { service, engine, published } = machineService(t);
    const expected = path.join(t.env.XDG_RUNTIME_DIR as string, 'podman', 'podman.sock');
    const status = await service.startNativeService();
    expect(status).toEqual({ socketPath: expected, running: true, supervised: true, error: null });
    expect(await socketAnswers(expected)).toBe(true);
    expect(engine.reconnects).toBe(1);

    // a second request does not start a second service
    expect((await service.startNativeService()).supervised).toBe(true);

    const list = await service.list();
    expect(list.native).toMatchObject({ socketPath: expected, running: true, supervised: true });
    expect(published.length).toBeGreaterThan(0);

    await service.dispose();
    expect(await socketAnswers(expected)).toBe(false);
  });
});
