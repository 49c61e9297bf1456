import { describe, expect, it } from 'vitest';
import {
  clampedDefaults,
  readHostResources,
  SEED_MACHINE,
} from '../../../electron/services/machine/machine-defaults';

const GiB = 1024 ** 3;

describe('machine create defaults', () => {
  it('keeps the seed values on a big host, with no notes', () => {
    const d = clampedDefaults({ cpus: 16, totalMemoryBytes: 128 * GiB, freeDiskBytes: 500 * GiB });
    expect(d).toMatchObject({
      name: 'podman-machine-rootless',
      cpus: 8,
      memoryMiB: 32768,
      diskGiB: 50,
      notes: [],
    });
  });

  it('clamps CPUs, memory and disk to a small host and says so', () => {
    const d = clampedDefaults({ cpus: 2, totalMemoryBytes: 8 * GiB, freeDiskBytes: 40 * GiB });
    expect(d.cpus).toBe(2);
    expect(d.memoryMiB).toBe(4096);
    expect(d.diskGiB).toBe(30);
    expect(d.limits).toEqual({ cpus: 2, memoryMiB: 4096, diskGiB: 30 });
    expect(d.notes).toHaveLength(3);
    expect(d.notes[0]).toMatch(/CPUs lowered from 8 to 2/);
    expect(d.notes[1]).toMatch(/Memory lowered from 32768 MiB to 4096 MiB/);
    expect(d.notes[2]).toMatch(/Disk lowered from 50 GiB to 30 GiB/);
  });

  it('does not clamp the disk when free space is unknown', () => {
    const d = clampedDefaults({ cpus: 8, totalMemoryBytes: 64 * GiB, freeDiskBytes: null });
    expect(d.diskGiB).toBe(SEED_MACHINE.diskGiB);
    expect(d.notes).toEqual([]);
  });

  it('reads this host', async () => {
    const host = await readHostResources();
    expect(host.cpus).toBeGreaterThan(0);
    expect(host.totalMemoryBytes).toBeGreaterThan(0);
    expect(host.freeDiskBytes).toBeGreaterThan(0);
  });
});
