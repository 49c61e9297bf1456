import { randomBytes } from 'node:crypto';
import { access, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listedMachineNames,
  machineService,
  machineTestEnv,
  runAsUser,
  taskOutcome,
  type MachineTestEnv,
} from './machine-user';

const hasQemu = () =>
  access('/usr/bin/qemu-system-x86_64').then(
    () => true,
    () => false,
  );

/**
 * The machine layer against the real podman CLI, as an unprivileged user. Here `init` works offline
 * with a local image and --timezone UTC, while `start` cannot work (no gvproxy, no nested KVM): it must
 * fail fast with a clear diagnosis, not hang.
 */
describe('podman machine through the app (real podman, unprivileged user)', () => {
  let t: MachineTestEnv;
  let image: string;
  const name = `kdm-it-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    t = await machineTestEnv();
    image = path.join(t.workDir, 'disk.qcow2');
    if (await hasQemu()) await runAsUser(t, ['qemu-img', 'create', '-f', 'qcow2', image, '64M']);
    else await writeFile(image, Buffer.alloc(1024 * 1024));
  });

  afterAll(async () => {
    await runAsUser(t, ['podman', 'machine', 'rm', '--force', name]).catch(() => undefined);
    await rm(t.workDir, { recursive: true, force: true });
  });

  it('as root, podman machine is refused and the list says why (no throw)', async () => {
    if (process.getuid?.() !== 0) return;
    const { service } = machineService(t, []);
    const list = await service.list();
    expect(list.machines).toEqual([]);
    expect(list.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/root/) });
    expect(list.podmanPath).toMatch(/podman$/);
  });

  it('init, list, inspect, set, start (diagnosed), stop, rm — visible to an independent podman', async () => {
    const { service, tasks, published, engine } = machineService(t);
    if (!(await hasQemu())) {
      // Without QEMU, init itself must fail with the QEMU diagnosis.
      const { taskId } = await service.init({
        name,
        cpus: 1,
        memoryMiB: 1024,
        diskGiB: 5,
        imagePath: image,
        timezone: 'UTC',
      });
      const info = await taskOutcome(tasks, taskId);
      expect(info.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/QEMU/) });
      return;
    }

    // init (a task, with live output)
    const { taskId } = await service.init({
      name,
      cpus: 1,
      memoryMiB: 1024,
      diskGiB: 5,
      imagePath: image,
      timezone: 'UTC',
    });
    const init = await taskOutcome(tasks, taskId);
    expect(init.error).toBeNull();
    expect(init.state).toBe('succeeded');
    expect(tasks.replay(taskId).lines.join('\n')).toMatch(/Machine init complete/);
    expect(await listedMachineNames(t)).toContain(name);

    // list + inspect: normalized, rootless by default (read from the podman 4 config file)
    const machine = await service.inspect(name);
    expect(machine).toMatchObject({
      name,
      state: 'stopped',
      cpus: 1,
      memoryMiB: 1024,
      diskGiB: 5,
      rootful: false,
      incomplete: false,
    });
    expect(machine.socketPath).toMatch(new RegExp(`${name}/podman\\.sock$`));
    expect(published.length).toBeGreaterThan(0);

    // creating it again is a clear conflict
    const again = await service.init({
      name,
      cpus: 1,
      memoryMiB: 1024,
      diskGiB: 5,
      imagePath: image,
      timezone: 'UTC',
    });
    expect((await taskOutcome(tasks, again.taskId)).error).toMatchObject({ code: 'CONFLICT' });

    // rootful (set outside the app) → shown, then switched back by the app
    await runAsUser(t, ['podman', 'machine', 'set', '--rootful', name]);
    expect((await service.inspect(name)).rootful).toBe(true);
    expect(await service.setRootless(name)).toEqual({ rootful: false, restartNeeded: false });
    expect((await service.inspect(name)).rootful).toBe(false);

    // start cannot work here: the diagnosis names the missing helper, within a bounded time
    const t0 = Date.now();
    const start = await service.start(name);
    const started = await taskOutcome(tasks, start.taskId, 100_000);
    expect(Date.now() - t0).toBeLessThan(100_000);
    expect(started.state).toBe('failed');
    expect(started.error?.code).toMatch(/UNAVAILABLE|TIMEOUT/);
    expect(`${started.error?.message} ${started.error?.hint}`).toMatch(/gvproxy|KVM|QEMU|starting/);
    expect(engine.reconnects).toBe(0); // no reconnect for a start that failed
    expect((await service.inspect(name)).state).not.toBe('running');

    // stop (already stopped: fine) and remove
    expect(await service.stop(name)).toEqual({ stopped: true });
    expect(await service.remove(name)).toEqual({ removed: true });
    expect(await listedMachineNames(t)).not.toContain(name);
    await expect(service.inspect(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an init that fails half-way leaves a machine marked incomplete, with cleanup offered', async () => {
    if (!(await hasQemu())) return;
    const { service, tasks } = machineService(t);
    const half = `${name}-half`;
    try {
      // Without --timezone podman runs timedatectl, which this host lacks: init fails after creating the VM.
      const { taskId } = await service.init({
        name: half,
        cpus: 1,
        memoryMiB: 1024,
        diskGiB: 5,
        imagePath: image,
      });
      const info = await taskOutcome(tasks, taskId);
      expect(info.state).toBe('failed');
      expect(info.error?.hint).toMatch(/half-created machine .* Clean up/);
      const listed = (await service.list()).machines.find((m) => m.name === half);
      expect(listed?.incomplete).toBe(true);
      await service.remove(half);
      expect(await listedMachineNames(t)).not.toContain(half);
      expect((await service.list()).machines.some((m) => m.name === half)).toBe(false);
    } finally {
      await runAsUser(t, ['podman', 'machine', 'rm', '--force', half]).catch(() => undefined);
    }
  });

  it('remove of a machine that does not exist is NOT_FOUND', async () => {
    const { service } = machineService(t);
    await expect(service.remove('kdm-no-such-machine')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
