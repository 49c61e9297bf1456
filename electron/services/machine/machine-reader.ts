import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import type { Machine } from '../../shared/contract/machine';
import type { PodmanCli } from '../podman-cli/podman-cli';
import { diagnoseMachineError } from './machine-diagnosis';
import {
  mergeMachine,
  parseMachineInspect,
  parseMachineList,
  rootfulFromConfig,
  type InspectEntry,
} from './machine-json';

const QUERY_TIMEOUT_MS = 30_000;

export interface ReaderDeps {
  cli: PodmanCli;
  /** Reads a machine config file (podman 4 keeps Rootful there); injectable for tests. */
  readConfig?: (path: string) => Promise<string>;
}

/** `podman machine list` + one `inspect` of all machines → normalized machines. */
export async function readMachines(deps: ReaderDeps, incomplete: ReadonlySet<string>): Promise<Machine[]> {
  let listJson: unknown;
  try {
    listJson = await deps.cli.json(['machine', 'list', '--format', 'json'], { timeoutMs: QUERY_TIMEOUT_MS });
  } catch (err) {
    throw diagnoseMachineError(err, 'list', '');
  }
  const list = parseMachineList(listJson);
  if (list.length === 0) return [];
  const inspected = await inspectMany(
    deps,
    list.map((m) => m.name),
  );
  return list.map((entry) =>
    mergeMachine(
      entry,
      inspected.find((i) => i.name === entry.name),
      incomplete.has(entry.name),
    ),
  );
}

/**
 * Inspects several machines in one call; if that fails (one of them half-created, say), each one alone,
 * so one broken machine does not hide the details of the others.
 */
async function inspectMany(deps: ReaderDeps, names: string[]): Promise<InspectEntry[]> {
  const run = async (batch: string[]) =>
    parseMachineInspect(
      await deps.cli.json(['machine', 'inspect', ...batch], { timeoutMs: QUERY_TIMEOUT_MS }),
    );
  let entries: InspectEntry[];
  try {
    entries = await run(names);
  } catch {
    entries = [];
    for (const name of names) entries.push(...(await run([name]).catch(() => [])));
  }
  return Promise.all(entries.map((e) => withConfigRootful(deps, e)));
}

async function withConfigRootful(deps: ReaderDeps, entry: InspectEntry): Promise<InspectEntry> {
  if (entry.rootful !== null || entry.configPath === null || !entry.configPath.endsWith('.json'))
    return entry;
  try {
    const text = await (deps.readConfig ?? ((p) => readFile(p, 'utf8')))(entry.configPath);
    return { ...entry, rootful: rootfulFromConfig(JSON.parse(text)) };
  } catch {
    return entry; // unreadable (another user's file, or a newer layout): rootful stays unknown
  }
}

/** One machine, with its details; NOT_FOUND when podman does not know it. */
export async function readMachine(
  deps: ReaderDeps,
  name: string,
  incomplete: ReadonlySet<string>,
): Promise<Machine> {
  const machines = await readMachines(deps, incomplete);
  const found = machines.find((m) => m.name === name);
  if (!found) {
    throw new AppError('NOT_FOUND', `There is no machine named "${name}".`, {
      hint: 'Refresh the list: it may have been removed outside the app.',
    });
  }
  return found;
}
