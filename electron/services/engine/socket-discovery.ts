import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface SocketCandidate {
  /** unix socket path, Windows pipe (//./pipe/name) or tcp://host:port */
  address: string;
  /** flag = the --socket command-line option; setting = the Settings page. */
  source: 'flag' | 'setting' | 'env' | 'machine' | 'default';
}

export interface DiscoveryInput {
  /** The app setting, if the user chose a socket explicitly. */
  explicit?: string | null;
  /** Where `explicit` came from (default: the setting). */
  explicitSource?: 'flag' | 'setting';
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  uid: number;
  tmpdir: string;
  /** Sockets reported by `podman machine inspect` (supplied by the machine service when it knows them). */
  machineSockets?: string[];
}

/** Turns CONTAINER_HOST / DOCKER_HOST style URLs into an address dockerode can use; null if unsupported. */
export function addressFromHostUrl(url: string): string | null {
  if (url.startsWith('unix://')) return url.slice('unix://'.length);
  if (url.startsWith('npipe://')) return url.slice('npipe://'.length).replace(/\\/g, '/');
  if (url.startsWith('tcp://') || url.startsWith('http://')) return url.replace(/^http:/, 'tcp:');
  if (url.startsWith('/')) return url;
  return null; // ssh:// and others: not supported by the compat client
}

/**
 * Candidate sockets in priority order: explicit setting, CONTAINER_HOST, DOCKER_HOST, machine sockets,
 * then the usual places for the OS. The order is the contract; existence is checked by pinging.
 */
export async function discoverSockets(input: DiscoveryInput): Promise<SocketCandidate[]> {
  const out: SocketCandidate[] = [];
  const add = (address: string | null, source: SocketCandidate['source']) => {
    if (address && !out.some((c) => c.address === address)) out.push({ address, source });
  };
  if (input.explicit)
    add(addressFromHostUrl(input.explicit) ?? input.explicit, input.explicitSource ?? 'setting');
  for (const name of ['CONTAINER_HOST', 'DOCKER_HOST']) {
    const v = input.env[name];
    if (v) add(addressFromHostUrl(v), 'env');
  }
  for (const s of input.machineSockets ?? []) add(s, 'machine');
  for (const s of await defaultSockets(input)) add(s, 'default');
  return out;
}

async function defaultSockets(input: DiscoveryInput): Promise<string[]> {
  if (input.platform === 'win32') return ['//./pipe/podman-machine-default', '//./pipe/docker_engine'];
  if (input.platform === 'darwin') {
    const dir = path.join(input.tmpdir, 'podman');
    return [
      ...(await apiSocketsIn(dir)),
      path.join(os.homedir(), '.local/share/containers/podman/machine/podman.sock'),
    ];
  }
  const runtime = input.env.XDG_RUNTIME_DIR || `/run/user/${input.uid}`;
  const rootless = path.join(runtime, 'podman', 'podman.sock');
  const list =
    input.uid === 0 ? ['/run/podman/podman.sock', rootless] : [rootless, '/run/podman/podman.sock'];
  // Linux with a podman machine: $XDG_RUNTIME_DIR/podman/<name>-api.sock
  return [...list, ...(await apiSocketsIn(path.join(runtime, 'podman')))];
}

async function apiSocketsIn(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith('-api.sock')).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}
