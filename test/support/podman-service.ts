import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chown, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitForPing } from './engine-http';
import { descendantPids, killQuietly } from './process-tree';
import type { ServiceUser } from './rootless-user';

/**
 * How every Podman service of one test run is started: the same user, the same private storage and the
 * same config, so a second service (e.g. one a test kills on purpose) sees the same images.
 */
export interface ServiceSpec {
  /** Runs the service as this user (rootless); null = as this process's user. */
  user: ServiceUser | null;
  rootless: boolean;
  /** Private storage of this run: --root, --runroot, --tmpdir. */
  storageDir: string;
  containersConf: string;
  registriesConf: string;
}

export interface PodmanService {
  socketPath: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

export function podmanGlobalArgs(spec: ServiceSpec): string[] {
  return [
    '--root',
    path.join(spec.storageDir, 'graph'),
    '--runroot',
    path.join(spec.storageDir, 'run'),
    '--tmpdir',
    path.join(spec.storageDir, 'tmp'),
    '--storage-driver',
    'overlay',
  ];
}

export function serviceEnv(spec: ServiceSpec): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
    CONTAINERS_CONF: spec.containersConf,
    CONTAINERS_REGISTRIES_CONF: spec.registriesConf,
    LANG: 'C.UTF-8',
  };
  if (spec.user) {
    Object.assign(env, {
      HOME: spec.user.home,
      USER: spec.user.name,
      LOGNAME: spec.user.name,
      XDG_RUNTIME_DIR: path.join(spec.storageDir, 'xdg'),
    });
  } else {
    env.HOME = process.env.HOME;
    if (spec.rootless) env.XDG_RUNTIME_DIR = path.join(spec.storageDir, 'xdg');
  }
  return env;
}

/** Creates the directories a service user must own (storage, runtime dir, the socket's folder). */
export async function prepareOwnedDir(spec: ServiceSpec, dir: string, mode = 0o755): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  if (spec.user) await chown(dir, spec.user.uid, spec.user.gid);
}

export async function prepareStorage(spec: ServiceSpec): Promise<void> {
  await prepareOwnedDir(spec, spec.storageDir, 0o700);
  if (spec.rootless) await prepareOwnedDir(spec, path.join(spec.storageDir, 'xdg'), 0o700);
}

/** Starts `podman system service` on socketPath and waits until it answers /_ping. */
export async function startPodmanService(
  spec: ServiceSpec,
  socketPath: string,
  logFile: string,
): Promise<PodmanService> {
  await prepareOwnedDir(spec, path.dirname(socketPath));
  const log = openSync(logFile, 'a');
  const child = spawn(
    'podman',
    [...podmanGlobalArgs(spec), 'system', 'service', '--time=0', `unix://${socketPath}`],
    {
      cwd: '/',
      env: serviceEnv(spec),
      stdio: ['ignore', log, log],
      ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
    },
  );
  closeSync(log);
  child.unref();
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
  const pid = child.pid ?? -1;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // rootless podman re-execs itself inside a user namespace: remember that child too
    const tree = await descendantPids(pid);
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      console.warn('[test harness] podman service ignored SIGTERM for 5 s, killing it');
      child.kill('SIGKILL');
    }, 5000);
    await exited;
    clearTimeout(killer);
    for (const p of tree) killQuietly(p, 'SIGKILL'); // only if still alive (e.g. orphaned by a SIGKILL)
  };
  if (!(await waitForPing(socketPath, 20_000))) {
    await stop();
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).slice(-2000);
    throw new Error(`podman system service on ${socketPath} did not answer /_ping:\n${tail}`);
  }
  return { socketPath, pid, stop };
}

/** Ends the rootless pause process this run's services created (it holds the user namespace). */
export async function stopPauseProcess(spec: ServiceSpec): Promise<void> {
  if (!spec.rootless) return;
  const pidFile = path.join(spec.storageDir, 'tmp', 'pause.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  // make sure the pid still names the pause process before signalling it
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (cmdline.includes('catatonit') || cmdline.includes('pause')) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
