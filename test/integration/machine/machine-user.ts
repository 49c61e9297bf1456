import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import type { EngineStatus } from '../../../electron/shared/contract/engine';
import type { TaskInfo } from '../../../electron/shared/contract/tasks';
import { MachineService } from '../../../electron/services/machine/machine-service';
import { PodmanCli } from '../../../electron/services/podman-cli/podman-cli';
import { runCommand } from '../../../electron/services/podman-cli/run-command';
import { ensureRootlessUser } from '../../support/rootless-user';

/** podman machine refuses root: machine tests run the CLI as this unprivileged user. */
export const MACHINE_TEST_USER = 'kdmachine';

export interface MachineTestEnv {
  wrap: string[];
  /** A clean environment for the user (root's XDG_RUNTIME_DIR must not leak into it). */
  env: NodeJS.ProcessEnv;
  home: string;
  /** A folder the user can write to, for disk images. */
  workDir: string;
}

export async function machineTestEnv(): Promise<MachineTestEnv> {
  const wrap = process.getuid?.() === 0 ? ['runuser', '-u', MACHINE_TEST_USER, '--'] : [];
  const home = process.getuid?.() === 0 ? (await ensureRootlessUser(MACHINE_TEST_USER)).home : os.homedir();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'kd-machine-'));
  await chmod(workDir, 0o777);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  return { wrap, env, home, workDir };
}

/** Runs a program as the test user (argument arrays all the way). */
export async function runAsUser(t: MachineTestEnv, argv: string[]): Promise<string> {
  const [file, ...args] = [...t.wrap, ...argv];
  return (await runCommand(file as string, args, { env: t.env, timeoutMs: 60_000 })).stdout;
}

/** An independent `podman machine list` (not through the app's code), names only. */
export async function listedMachineNames(t: MachineTestEnv): Promise<string[]> {
  const out = await runAsUser(t, ['podman', 'machine', 'list', '--format', 'json']);
  return (JSON.parse(out) as Array<{ Name: string }>).map((m) => m.Name.replace(/\*$/, ''));
}

/** Stand-in for the engine monitor: there is no machine API socket to connect to here. */
export function engineStandIn(): {
  status(): EngineStatus;
  reconnect(): Promise<EngineStatus>;
  reconnects: number;
} {
  const status: EngineStatus = {
    state: 'disconnected',
    socketPath: null,
    source: null,
    checkedAt: Date.now(),
  };
  return {
    reconnects: 0,
    status: () => status,
    async reconnect() {
      this.reconnects += 1;
      return status;
    },
  };
}

export function machineService(t: MachineTestEnv, wrap = t.wrap) {
  const hub = new EventHub(new Redactor());
  const tasks = new TaskManager(hub);
  const engine = engineStandIn();
  const published: unknown[] = [];
  const service = new MachineService({
    cli: new PodmanCli({ env: t.env, wrap }),
    tasks,
    engine,
    publish: (list) => published.push(list),
    uid: 1000,
    startTimeoutMs: 90_000,
  });
  return { service, tasks, engine, published, hub };
}

/** Waits until a task leaves "running" and returns its final info. */
export async function taskOutcome(tasks: TaskManager, id: string, timeoutMs = 120_000): Promise<TaskInfo> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const info = tasks.get(id);
    if (info && info.state !== 'running') return info;
    if (Date.now() > end) throw new Error(`task ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
