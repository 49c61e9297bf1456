import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  mergeMachine,
  parseMachineInspect,
  parseMachineList,
  parseState,
  rootfulFromConfig,
} from '../../../electron/services/machine/machine-json';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/podman-json', name), 'utf8'));

describe('podman 4.3 machine JSON (recorded)', () => {
  const list = parseMachineList(fixture('podman4.3-machine-list.json'));
  const inspect = parseMachineInspect(fixture('podman4.3-machine-inspect.json'));

  it('reads list entries, turning byte strings into MiB and GiB', () => {
    expect(list.map((m) => m.name)).toEqual(['kdm-rootful', 'podman-machine-rootless']);
    const rootless = list.find((m) => m.name === 'podman-machine-rootless');
    expect(rootless).toMatchObject({
      default: true,
      running: false,
      starting: false,
      vmType: 'qemu',
      cpus: 2,
      memoryMiB: 3072,
      diskGiB: 20,
    });
  });

  it('reads inspect: socket, config path, resources; State "" means stopped; no Rootful field', () => {
    const i = inspect.find((m) => m.name === 'podman-machine-rootless');
    expect(i).toMatchObject({
      state: 'stopped',
      cpus: 2,
      memoryMiB: 3072,
      diskGiB: 20,
      rootful: null,
      socketPath:
        '/home/kdmachine/.local/share/containers/podman/machine/podman-machine-rootless/podman.sock',
      configPath: '/home/kdmachine/.config/containers/podman/machine/qemu/podman-machine-rootless.json',
    });
  });

  it('merges list and inspect into one normalized machine', () => {
    const entry = list.find((m) => m.name === 'kdm-rootful');
    if (!entry) throw new Error('fixture lacks kdm-rootful');
    const m = mergeMachine(
      entry,
      inspect.find((i) => i.name === 'kdm-rootful'),
    );
    expect(m).toEqual({
      name: 'kdm-rootful',
      default: false,
      state: 'stopped',
      cpus: 1,
      memoryMiB: 2048,
      diskGiB: 100,
      rootful: null,
      socketPath: '/home/kdmachine/.local/share/containers/podman/machine/kdm-rootful/podman.sock',
      vmType: 'qemu',
      lastUp: '2026-11-26T15:19:18.121248704Z',
      incomplete: false,
    });
  });

  it('reads Rootful from a podman 4 machine config file', () => {
    expect(rootfulFromConfig({ Rootful: true, Name: 'x' })).toBe(true);
    expect(rootfulFromConfig({ Rootful: false })).toBe(false);
    expect(rootfulFromConfig({ Name: 'x' })).toBeNull();
    expect(rootfulFromConfig('nonsense')).toBeNull();
  });
});

describe('podman 5 machine JSON (documented shape)', () => {
  it('reads Rootful, running/stopped State and the api socket', () => {
    const list = parseMachineList(fixture('podman5-machine-list.json'));
    const inspect = parseMachineInspect(fixture('podman5-machine-inspect.json'));
    const machines = list.map((l) =>
      mergeMachine(
        l,
        inspect.find((i) => i.name === l.name),
      ),
    );
    expect(machines).toEqual([
      expect.objectContaining({
        name: 'podman-machine-default',
        default: true,
        state: 'running',
        cpus: 6,
        memoryMiB: 8192,
        diskGiB: 100,
        rootful: false,
        socketPath: '/var/folders/x1/abc/T/podman/podman-machine-default-api.sock',
        vmType: 'applehv',
      }),
      expect.objectContaining({ name: 'old-rootful', state: 'stopped', rootful: true, diskGiB: 50 }),
    ]);
  });

  it('takes the Windows pipe when there is no unix socket, and the "starting" state', () => {
    const [m] = parseMachineInspect(fixture('podman5-windows-machine-inspect.json'));
    expect(m).toMatchObject({
      state: 'starting',
      socketPath: '\\\\.\\pipe\\podman-machine-default',
      rootful: false,
    });
  });
});

describe('tolerance', () => {
  it('skips entries without a name and survives odd types', () => {
    const list = parseMachineList([
      null,
      42,
      { Default: true },
      { Name: 'x*', CPUs: 'many', Memory: 4096, DiskSize: 30, Running: 'true' },
    ]);
    expect(list).toEqual([
      expect.objectContaining({
        name: 'x',
        default: true,
        cpus: null,
        memoryMiB: 4096,
        diskGiB: 30,
        running: true,
      }),
    ]);
    expect(parseMachineList({ Name: 'single' })).toHaveLength(1);
    expect(parseMachineList('garbage')).toEqual([]);
    expect(parseMachineInspect(null)).toEqual([]);
  });

  it('maps every state text, unknown ones to "unknown"', () => {
    expect(parseState('Running')).toBe('running');
    expect(parseState('starting')).toBe('starting');
    expect(parseState('stopped')).toBe('stopped');
    expect(parseState('')).toBe('stopped');
    expect(parseState('paused')).toBe('unknown');
    expect(parseState(undefined)).toBeNull();
  });

  it('list-only machine (inspect failed) keeps list values and unknown rootful', () => {
    const [entry] = parseMachineList([{ Name: 'half', Running: false, CPUs: 1 }]);
    if (!entry) throw new Error('no entry');
    expect(mergeMachine(entry, undefined, true)).toMatchObject({
      state: 'stopped',
      rootful: null,
      socketPath: null,
      incomplete: true,
    });
  });
});
