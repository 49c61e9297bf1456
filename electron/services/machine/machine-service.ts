import type { TaskManager } from '../../core/task-manager';
import type { EngineStatus } from '../../shared/contract/engine';
import type {
  Machine,
  MachineCreateDefaults,
  MachineInitParams,
  MachineList,
  NativeService,
} from '../../shared/contract/machine';
import { AppError, toErrorPayload, validationError } from '../../shared/errors';
import type { PodmanCli } from '../podman-cli/podman-cli';
import { clampedDefaults, readHostResources, type HostResources } from './machine-defaults';
import { diagnoseMachineError } from './machine-diagnosis';
import { initMachine, startMachine, type LongOpDeps } from './machine-long-ops';
import { readMachine, readMachines } from './machine-reader';
import { NativeServiceSupervisor } from './native-service';

export interface MachineServiceOptions {
  cli: PodmanCli;
  tasks: TaskManager;
  engine: { status(): EngineStatus; reconnect(): Promise<EngineStatus> };
  publish: (list: MachineList) => void;
  uid: number;
  hostResources?: () => Promise<HostResources>;
  readConfig?: (path: string) => Promise<string>;
  startTimeoutMs?: number;
  initTimeoutMs?: number;
  /** stop / rm / set: short commands, but a wedged VM must not hang the UI. */
  commandTimeoutMs?: number;
}

/**
 * Podman machines: list, create, start, stop, remove, switch to rootless; plus, on Linux, the native
 * rootless service as the machine-less alternative. Every change republishes the list.
 */
export class MachineService {
  private readonly incomplete = new Set<string>();
  private readonly native: NativeServiceSupervisor | null;
  private latest: MachineList | null = null;

  constructor(private readonly opts: MachineServiceOptions) {
    this.native =
      opts.cli.platform === 'linux'
        ? new NativeServiceSupervisor({
            cli: opts.cli,
            env: opts.cli.env,
            uid: opts.uid,
            onChange: () => this.republish(),
          })
        : null;
  }

  /** Reads the machines again and publishes the result; never throws (errors go into the list). */
  async refresh(): Promise<MachineList> {
    let machines: Machine[] = [];
    let error: MachineList['error'] = null;
    try {
      machines = await readMachines(this.readerDeps(), this.incomplete);
    } catch (err) {
      error = toErrorPayload(err);
    }
    for (const name of this.incomplete)
      if (!machines.some((m) => m.name === name)) this.incomplete.delete(name);
    const native = this.native ? await this.native.probe() : null;
    this.latest = {
      machines,
      podmanPath: await this.opts.cli.binary(),
      native,
      error,
      checkedAt: Date.now(),
    };
    this.opts.publish(this.latest);
    return this.latest;
  }

  async list(): Promise<MachineList> {
    return this.refresh();
  }

  inspect(name: string): Promise<Machine> {
    return readMachine(this.readerDeps(), name, this.incomplete);
  }

  /**
   * API sockets of the machines, for engine discovery: running ones first, then the default machine's
   * (it may be booting). Windows pipes are turned into the //./pipe/ form the client expects.
   */
  knownSockets(): string[] {
    const machines = this.latest?.machines ?? [];
    const ordered = [
      ...machines.filter((m) => m.state === 'running'),
      ...machines.filter((m) => m.state !== 'running' && m.default),
    ];
    return ordered.flatMap((m) => (m.socketPath ? [m.socketPath.replace(/\\/g, '/')] : []));
  }

  async createDefaults(): Promise<MachineCreateDefaults> {
    return clampedDefaults(await (this.opts.hostResources ?? readHostResources)());
  }

  async init(params: MachineInitParams): Promise<{ taskId: string }> {
    await this.checkFits(params);
    const { id } = this.opts.tasks.start(
      { kind: 'machine.init', title: `Create machine ${params.name}`, page: 'machine' },
      (task) => initMachine(this.longOpDeps(), params, task),
    );
    return { taskId: id };
  }

  async start(name: string): Promise<{ taskId: string }> {
    const { id } = this.opts.tasks.start(
      { kind: 'machine.start', title: `Start machine ${name}`, page: 'machine' },
      (task) => startMachine(this.longOpDeps(), name, task),
    );
    return { taskId: id };
  }

  async stop(name: string): Promise<{ stopped: boolean }> {
    await this.command(['machine', 'stop', name], 'stop', name);
    await this.opts.engine.reconnect().catch(() => undefined);
    return { stopped: true };
  }

  async remove(name: string): Promise<{ removed: boolean }> {
    // --force: stops it first and skips podman's own prompt (the UI has asked already).
    await this.command(['machine', 'rm', '--force', name], 'remove', name);
    this.incomplete.delete(name);
    await this.refresh();
    return { removed: true };
  }

  /** `podman machine set --rootful=false`; a running machine needs a restart for it to apply. */
  async setRootless(name: string): Promise<{ rootful: boolean; restartNeeded: boolean }> {
    const before = await this.inspect(name);
    await this.command(['machine', 'set', '--rootful=false', name], 'set', name);
    const after = (await this.refresh()).machines.find((m) => m.name === name);
    return { rootful: after?.rootful ?? false, restartNeeded: before.state !== 'stopped' };
  }

  async startNativeService(): Promise<NativeService> {
    if (!this.native) {
      throw new AppError('UNAVAILABLE', 'Containers need a Podman machine on this system.', {
        hint: 'Create and start a machine instead: the native service exists only on Linux.',
      });
    }
    const status = await this.native.start();
    await this.opts.engine.reconnect().catch(() => undefined);
    return status;
  }

  /** Stops what the app started (the native service); machines keep running. */
  async dispose(): Promise<void> {
    await this.native?.stop();
  }

  private async command(args: string[], op: 'stop' | 'remove' | 'set', name: string): Promise<void> {
    try {
      await this.opts.cli.run(args, { timeoutMs: this.opts.commandTimeoutMs ?? 120_000 });
    } catch (err) {
      throw diagnoseMachineError(err, op, name);
    } finally {
      await this.refresh();
    }
  }

  /** Rejects sizes the host cannot give, with per-field messages for the form. */
  private async checkFits(p: MachineInitParams): Promise<void> {
    const { limits } = await this.createDefaults();
    const fields: Record<string, string> = {};
    if (p.cpus > limits.cpus) fields.cpus = `At most ${limits.cpus} (the CPUs of this computer).`;
    if (p.memoryMiB > limits.memoryMiB)
      fields.memoryMiB = `At most ${limits.memoryMiB} MiB on this computer.`;
    if (p.diskGiB > limits.diskGiB) fields.diskGiB = `At most ${limits.diskGiB} GiB (free disk space).`;
    if (Object.keys(fields).length > 0) throw validationError(fields);
  }

  private readerDeps() {
    return { cli: this.opts.cli, readConfig: this.opts.readConfig };
  }

  private longOpDeps(): LongOpDeps {
    return {
      cli: this.opts.cli,
      refresh: async () => (await this.refresh()).machines,
      engine: this.opts.engine,
      markIncomplete: (name) => this.incomplete.add(name),
      startTimeoutMs: this.opts.startTimeoutMs ?? 5 * 60_000,
      initTimeoutMs: this.opts.initTimeoutMs ?? 30 * 60_000,
    };
  }

  private republish(): void {
    if (!this.latest || !this.native) return;
    this.latest = { ...this.latest, native: this.native.status(), checkedAt: Date.now() };
    this.opts.publish(this.latest);
  }
}
