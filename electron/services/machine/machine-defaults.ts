import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { MachineCreateDefaults } from '../../shared/contract/machine';

/** The original workflow's machine: rootless, 8 CPUs, 32 GiB memory, 50 GiB disk. */
export const SEED_MACHINE = {
  name: 'podman-machine-rootless',
  cpus: 8,
  memoryMiB: 32_768,
  diskGiB: 50,
} as const;

export interface HostResources {
  cpus: number;
  totalMemoryBytes: number;
  /** Free space where Podman keeps machine disks (the home folder's file system); null if unknown. */
  freeDiskBytes: number | null;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** A VM may take at most this share of the host's memory, so the host stays usable. */
const MAX_MEMORY_SHARE = 0.5;
/** Disk space left to the host after the VM's disk has grown to its full size. */
const DISK_HEADROOM_GIB = 10;

export async function readHostResources(home = os.homedir()): Promise<HostResources> {
  let freeDiskBytes: number | null = null;
  try {
    const s = await statfs(home);
    freeDiskBytes = s.bavail * s.bsize;
  } catch {
    // unknown: the disk default is then not clamped
  }
  return { cpus: Math.max(1, os.cpus().length), totalMemoryBytes: os.totalmem(), freeDiskBytes };
}

/** The create form's defaults: the seed values, lowered to what this host can give, with notes saying so. */
export function clampedDefaults(host: HostResources): MachineCreateDefaults {
  const limits = {
    cpus: host.cpus,
    memoryMiB: Math.max(1024, Math.floor((host.totalMemoryBytes * MAX_MEMORY_SHARE) / MiB / 256) * 256),
    diskGiB:
      host.freeDiskBytes === null
        ? 1024
        : Math.max(5, Math.floor(host.freeDiskBytes / GiB) - DISK_HEADROOM_GIB),
  };
  const notes: string[] = [];
  const cpus = Math.min(SEED_MACHINE.cpus, limits.cpus);
  if (cpus < SEED_MACHINE.cpus) {
    notes.push(`CPUs lowered from ${SEED_MACHINE.cpus} to ${cpus}: this computer has ${host.cpus}.`);
  }
  const memoryMiB = Math.min(SEED_MACHINE.memoryMiB, limits.memoryMiB);
  if (memoryMiB < SEED_MACHINE.memoryMiB) {
    const totalGiB = (host.totalMemoryBytes / GiB).toFixed(1);
    notes.push(
      `Memory lowered from ${SEED_MACHINE.memoryMiB} MiB to ${memoryMiB} MiB: at most half of this computer's ${totalGiB} GiB.`,
    );
  }
  const diskGiB = Math.min(SEED_MACHINE.diskGiB, limits.diskGiB);
  if (diskGiB < SEED_MACHINE.diskGiB && host.freeDiskBytes !== null) {
    const freeGiB = Math.floor(host.freeDiskBytes / GiB);
    notes.push(
      `Disk lowered from ${SEED_MACHINE.diskGiB} GiB to ${diskGiB} GiB: ${freeGiB} GiB are free, and ${DISK_HEADROOM_GIB} GiB stay for the host.`,
    );
  }
  return { name: SEED_MACHINE.name, cpus, memoryMiB, diskGiB, limits, notes };
}
