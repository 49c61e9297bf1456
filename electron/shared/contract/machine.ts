import { z } from 'zod';
import { event, request } from './define';
import { HostPath } from './limits';
import { ErrorPayload } from '../errors';

/** One Podman machine, the same whatever Podman version reported it. */
export const Machine = z.object({
  name: z.string(),
  default: z.boolean(),
  state: z.enum(['running', 'starting', 'stopped', 'unknown']),
  cpus: z.number().nullable(),
  memoryMiB: z.number().nullable(),
  diskGiB: z.number().nullable(),
  /** null when Podman does not say (podman 4 inspect lacks the field and no config file was readable). */
  rootful: z.boolean().nullable(),
  /** The API socket on the host (`ConnectionInfo.PodmanSocket.Path`), or a Windows pipe. */
  socketPath: z.string().nullable(),
  vmType: z.string().nullable(),
  lastUp: z.string().nullable(),
  /** Left behind by an init that failed or was cancelled: offer to remove it. */
  incomplete: z.boolean(),
});
export type Machine = z.infer<typeof Machine>;

/** The Linux alternative to a machine: a rootless `podman system service` on the host. */
export const NativeService = z.object({
  socketPath: z.string(),
  /** Whether an API service answers on the socket (started by the app or not). */
  running: z.boolean(),
  /** Whether the app started it (and stops it on quit). */
  supervised: z.boolean(),
  error: z.string().nullable(),
});
export type NativeService = z.infer<typeof NativeService>;

export const MachineList = z.object({
  machines: z.array(Machine),
  /** Where podman was found, or null when it is not installed. */
  podmanPath: z.string().nullable(),
  /** Only on Linux, where containers can run without a VM. */
  native: NativeService.nullable(),
  /** Why the list could not be read (e.g. podman missing); the machines array is then empty. */
  error: ErrorPayload.nullable(),
  checkedAt: z.number(),
});
export type MachineList = z.infer<typeof MachineList>;

export const MachineName = z
  .string()
  .min(1)
  .max(60)
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
    'Use letters, digits, ".", "_" or "-", starting with a letter or digit.',
  );

export const MachineCreateDefaults = z.object({
  name: z.string(),
  cpus: z.number(),
  memoryMiB: z.number(),
  diskGiB: z.number(),
  /** What the host allows, for the form's bounds. */
  limits: z.object({ cpus: z.number(), memoryMiB: z.number(), diskGiB: z.number() }),
  /** Which defaults were lowered to fit this host, in words. */
  notes: z.array(z.string()),
});
export type MachineCreateDefaults = z.infer<typeof MachineCreateDefaults>;

export const MachineInitParams = z.object({
  name: MachineName,
  cpus: z.number().int().min(1),
  memoryMiB: z.number().int().min(512),
  diskGiB: z.number().int().min(5),
  /** A local disk image instead of a download (offline hosts). */
  imagePath: HostPath.min(1).optional(),
  /** e.g. "UTC"; Podman's default "local" needs timedatectl on Linux. */
  timezone: z.string().min(1).max(64).optional(),
});
export type MachineInitParams = z.infer<typeof MachineInitParams>;

const ByName = z.object({ name: MachineName });
const TaskRef = z.object({ taskId: z.string() });

export const machineRequests = {
  'machine.list': request(z.object({}), MachineList),
  'machine.inspect': request(ByName, Machine),
  'machine.createDefaults': request(z.object({}), MachineCreateDefaults),
  /** Long: runs as a task (downloads an image unless imagePath is given). */
  'machine.init': request(MachineInitParams, TaskRef),
  /** Long: runs as a task (boots the VM, then checks it is rootless and reconnects the engine). */
  'machine.start': request(ByName, TaskRef),
  'machine.stop': request(ByName, z.object({ stopped: z.boolean() })),
  'machine.remove': request(ByName, z.object({ removed: z.boolean() })),
  /** `podman machine set --rootful=false`; images made in rootful mode stay in rootful storage. */
  'machine.setRootless': request(ByName, z.object({ rootful: z.boolean(), restartNeeded: z.boolean() })),
  /** Linux without a machine: start a rootless `podman system service` the app supervises. */
  'machine.startNativeService': request(z.object({}), NativeService),
};

export const machineEvents = {
  'machine.list': event(MachineList, { sticky: true }),
};
