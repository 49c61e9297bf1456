import type { Machine } from '../../shared/contract/machine';

/**
 * Tolerant readers for `podman machine list/inspect --format json`, Podman 4 and 5.
 * Fields that are missing or of an unexpected type become null instead of failing the whole list:
 * a newer Podman adding or renaming a field must not blank the machine panel.
 *
 * Podman 4 list:    [{Name, Default, Running, Starting, LastUp, VMType, CPUs, Memory: "bytes", DiskSize: "bytes"}]
 * Podman 4 inspect: [{ConfigPath{Path}, ConnectionInfo{PodmanSocket{Path}}, Resources{CPUs, DiskSize GiB,
 *                     Memory MiB}, State: "" | "running"}]  (no Rootful: it lives in the config file)
 * Podman 5 adds Rootful, UserModeNetworking, Rosetta; State is "running" | "stopped" | "starting" | "unknown".
 */

export interface ListEntry {
  name: string;
  default: boolean;
  running: boolean | null;
  starting: boolean | null;
  lastUp: string | null;
  vmType: string | null;
  cpus: number | null;
  memoryMiB: number | null;
  diskGiB: number | null;
}

export interface InspectEntry {
  name: string;
  state: Machine['state'] | null;
  cpus: number | null;
  memoryMiB: number | null;
  diskGiB: number | null;
  rootful: boolean | null;
  socketPath: string | null;
  /** Podman 4 keeps Rootful in this file rather than in inspect. */
  configPath: string | null;
  vmType: string | null;
  lastUp: string | null;
}

type Obj = Record<string, unknown>;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Case-insensitive field lookup (Podman's JSON has changed case between versions in places). */
function field(o: Obj, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  const lower = new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
  for (const n of names) {
    const k = lower.get(n.toLowerCase());
    if (k !== undefined) return o[k];
  }
  return undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** Numbers may come as numbers or as decimal strings (list's Memory/DiskSize are strings of bytes). */
function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}

/** A path field: a plain string, or {Path: string} as in ConfigPath / PodmanSocket. */
function pathOf(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  if (isObj(v)) return str(field(v, 'Path'));
  return null;
}

function arrayOf(json: unknown): Obj[] {
  if (Array.isArray(json)) return json.filter(isObj);
  if (isObj(json)) return [json]; // a single object instead of a list: accept it
  return [];
}

export function parseState(v: unknown): Machine['state'] | null {
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s === 'running') return 'running';
  if (s === 'starting') return 'starting';
  if (s === 'stopped' || s === '') return 'stopped'; // podman 4 inspect reports "" when not running
  return 'unknown';
}

/** Bytes → MiB, but a small number is taken as MiB already (some versions report MiB). */
function toMiB(v: unknown): number | null {
  const n = num(v);
  if (n === null) return null;
  return n >= 64 * MiB ? Math.round(n / MiB) : n;
}

/** Bytes → GiB, but a small number is taken as GiB already. */
function toGiB(v: unknown): number | null {
  const n = num(v);
  if (n === null) return null;
  return n >= 1024 * MiB ? Math.round(n / GiB) : n;
}

export function parseMachineList(json: unknown): ListEntry[] {
  const out: ListEntry[] = [];
  for (const o of arrayOf(json)) {
    const rawName = str(field(o, 'Name'));
    if (!rawName) continue;
    // Older podman marks the default machine with a trailing "*" in the name.
    const starred = rawName.endsWith('*');
    out.push({
      name: starred ? rawName.slice(0, -1) : rawName,
      default: bool(field(o, 'Default')) ?? starred,
      running: bool(field(o, 'Running')),
      starting: bool(field(o, 'Starting')),
      lastUp: str(field(o, 'LastUp')),
      vmType: str(field(o, 'VMType', 'VmType')),
      cpus: num(field(o, 'CPUs', 'Cpus')),
      memoryMiB: toMiB(field(o, 'Memory')),
      diskGiB: toGiB(field(o, 'DiskSize')),
    });
  }
  return out;
}

export function parseMachineInspect(json: unknown): InspectEntry[] {
  const out: InspectEntry[] = [];
  for (const o of arrayOf(json)) {
    const name = str(field(o, 'Name'));
    if (!name) continue;
    const res = field(o, 'Resources');
    const r = isObj(res) ? res : {};
    const conn = field(o, 'ConnectionInfo');
    const c = isObj(conn) ? conn : {};
    const socket = pathOf(field(c, 'PodmanSocket')) ?? pathOf(field(c, 'PodmanPipe'));
    out.push({
      name,
      state: parseState(field(o, 'State')),
      cpus: num(field(r, 'CPUs', 'Cpus')),
      // inspect reports Resources in MiB / GiB already
      memoryMiB: num(field(r, 'Memory')),
      diskGiB: num(field(r, 'DiskSize')),
      rootful: bool(field(o, 'Rootful')),
      socketPath: socket,
      configPath: pathOf(field(o, 'ConfigPath')),
      vmType: str(field(o, 'VMType', 'VmType')),
      lastUp: str(field(o, 'LastUp')),
    });
  }
  return out;
}

/** Rootful from a podman 4 machine config file (`{"Rootful": false, ...}`). */
export function rootfulFromConfig(json: unknown): boolean | null {
  return isObj(json) ? bool(field(json, 'Rootful')) : null;
}

/** One normalized machine from its list entry and (when available) its inspect entry. */
export function mergeMachine(
  list: ListEntry,
  inspect: InspectEntry | undefined,
  incomplete = false,
): Machine {
  let state: Machine['state'];
  if (list.running || inspect?.state === 'running') state = 'running';
  else if (list.starting || inspect?.state === 'starting') state = 'starting';
  else if (list.running === false || inspect?.state === 'stopped') state = 'stopped';
  else state = inspect?.state ?? 'unknown';
  return {
    name: list.name,
    default: list.default,
    state,
    cpus: inspect?.cpus ?? list.cpus,
    memoryMiB: inspect?.memoryMiB ?? list.memoryMiB,
    diskGiB: inspect?.diskGiB ?? list.diskGiB,
    rootful: inspect?.rootful ?? null,
    socketPath: inspect?.socketPath ?? null,
    vmType: list.vmType ?? inspect?.vmType ?? null,
    lastUp: list.lastUp ?? inspect?.lastUp ?? null,
    incomplete,
  };
}
