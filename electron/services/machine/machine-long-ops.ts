import type { TaskHandle } from '../../core/task-manager';
import type { EngineStatus } from '../../shared/contract/engine';
import type { Machine, MachineInitParams } from '../../shared/contract/machine';
import { AppError } from '../../shared/errors';
import type { PodmanCli } from '../podman-cli/podman-cli';
import { diagnoseMachineError, machineExists } from './machine-diagnosis';

/** What init and start need from the rest of the app. */
export interface LongOpDeps {
  cli: PodmanCli;
  /** Fresh machine list (also publishes it). */
  refresh: () => Promise<Machine[]>;
  engine: { reconnect(): Promise<EngineStatus> };
  /** Remembers a machine an interrupted init left behind, so the UI offers to remove it. */
  markIncomplete: (name: string) => void;
  /** A start still running after this long is diagnosed as stuck. */
  startTimeoutMs: number;
  /** An init still running after this long (slow download) is stopped. */
  initTimeoutMs: number;
}

/** podman's progress lines, e.g. "Downloading VM image: fedora.qcow2.xz: 45.3 MiB / 600 MiB [=>   ] 7 %". */
function progressOf(line: string): number | null {
  const pct = line.match(/(\d{1,3}(?:\.\d+)?)\s?%/);
  if (pct) return Math.min(100, Number(pct[1])) / 100;
  const sizes = line.match(/([\d.]+)\s?([KMG]i?B)\s?\/\s?([\d.]+)\s?([KMG]i?B)/);
  if (sizes && sizes[2] === sizes[4]) return Number(sizes[1]) / Math.max(1, Number(sizes[3]));
  return null;
}

function stepOf(line: string): string | null {
  if (/download/i.test(line)) return 'Downloading the machine image';
  if (/extract|decompress/i.test(line)) return 'Extracting the machine image';
  if (/waiting for vm|waiting for/i.test(line)) return 'Waiting for the VM to boot';
  if (/mounting volume/i.test(line)) return 'Mounting shared folders';
  return null;
}

function reporter(task: TaskHandle) {
  return (line: string) => {
    task.log(line);
    const p = progressOf(line);
    const step = stepOf(line);
    if (p !== null || step !== null) task.progress(p, step ?? undefined);
  };
}

export function initArgs(p: MachineInitParams): string[] {
  const args = ['machine', 'init', '--cpus', String(p.cpus), '--memory', String(p.memoryMiB)];
  args.push('--disk-size', String(p.diskGiB));
  if (p.imagePath) args.push('--image-path', p.imagePath);
  if (p.timezone) args.push('--timezone', p.timezone);
  // Rootless is podman's default: --rootful is never passed.
  args.push(p.name);
  return args;
}

/** The body of a "machine.init" task. */
export async function initMachine(deps: LongOpDeps, p: MachineInitParams, task: TaskHandle): Promise<void> {
  const before = await deps.refresh();
  if (before.some((m) => m.name === p.name)) {
    throw machineExists(p.name);
  }
  task.progress(
    null,
    p.imagePath ? 'Creating the machine from a local image' : 'Downloading the machine image',
  );
  try {
    await deps.cli.run(initArgs(p), {
      signal: task.signal,
      timeoutMs: deps.initTimeoutMs,
      onLine: reporter(task),
    });
  } catch (err) {
    const diagnosed = diagnoseMachineError(err, 'init', p.name, p);
    const after = await deps.refresh().catch(() => []);
    if (after.some((m) => m.name === p.name)) {
      deps.markIncomplete(p.name);
      await deps.refresh().catch(() => []);
      task.log(`A half-created machine "${p.name}" was left behind; remove it to clean up.`);
      throw new AppError(diagnosed.code, diagnosed.message, {
        hint: `A half-created machine "${p.name}" was left behind: press Clean up to remove it, then create it again.`,
        cause: err,
      });
    }
    throw diagnosed;
  }
  task.progress(1, 'Created');
  await deps.refresh();
}

/** The body of a "machine.start" task: boot, then check rootless and reconnect the engine. */
export async function startMachine(deps: LongOpDeps, name: string, task: TaskHandle): Promise<void> {
  task.progress(null, 'Booting the VM');
  try {
    await deps.cli.run(['machine', 'start', name], {
      signal: task.signal,
      timeoutMs: deps.startTimeoutMs,
      onLine: reporter(task),
    });
  } catch (err) {
    const machines = await deps.refresh().catch(() => [] as Machine[]);
    const state = machines.find((m) => m.name === name)?.state;
    if (err instanceof AppError && err.code === 'TIMEOUT') {
      const minutes = Math.round(deps.startTimeoutMs / 60_000) || 1;
      throw new AppError(
        'TIMEOUT',
        `"${name}" was still ${state ?? 'starting'} after ${minutes} min, so the start was stopped.`,
        {
          hint: 'Press Stop, then Start again. If it hangs again, remove the machine and create it anew.',
          cause: err,
        },
      );
    }
    throw diagnoseMachineError(err, 'start', name);
  }
  task.progress(null, 'Checking rootless mode');
  await verifyRootless(deps, name, task);
}

/** Logs whether the machine and the engine the app talks to are rootless; a rootful one gets a warning. */
async function verifyRootless(deps: LongOpDeps, name: string, task: TaskHandle): Promise<void> {
  const machine = (await deps.refresh()).find((m) => m.name === name);
  if (machine?.rootful === true) {
    task.log(
      `Warning: "${name}" is rootful. Switch it to rootless on the Machine page (podman machine set --rootful=false).`,
    );
  } else if (machine?.rootful === false) {
    task.log(`"${name}" is rootless.`);
  }
  const engine = await deps.engine.reconnect();
  if (engine.state !== 'connected') {
    task.log(`The app is not connected to Podman yet (${engine.error ?? engine.state}); it keeps retrying.`);
  } else if (engine.rootless === false) {
    task.log(`Warning: the engine at ${engine.socketPath} runs rootful containers.`);
  } else if (engine.rootless === true) {
    task.log(`Connected to ${engine.socketPath}: rootless.`);
  }
}
