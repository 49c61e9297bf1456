import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEntry } from '../../electron/shared/contract/build';
import type { EngineStatus } from '../../electron/shared/contract/engine';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import { waitFor } from '../../test/integration/build/build-app';
import { startBrowserMode, type RunningApp } from '../../test/support/e2e-app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let built = false;

/**
 * The app as its own process: the built browser-mode server (dist/electron/serve.js) on the harness's
 * engine, with its config (settings, History) in `configDir`, so a case can SIGKILL it and start it again
 * on the same History. The app is built once per gauntlet run, so it is the code of this checkout.
 */
export async function startAppProcess(configDir: string): Promise<RunningApp> {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
    built = true;
  }
  const app = await startBrowserMode({}, { configDir });
  // As the page does: Build waits until the status bar shows the engine connected.
  const connected = async () => ((await app.call('engine.status', {})) as EngineStatus).state === 'connected';
  await waitFor(connected, 15_000, 'the app to connect to Podman').catch(async (err: unknown) => {
    await app.stop();
    throw err;
  });
  return app;
}

/** The build's log file as the History keeps it (written as lines arrive, so a crash keeps them). */
export function historyLogLines(configDir: string, buildId: string): string[] {
  const file = path.join(configDir, 'history', `${buildId}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

export async function historyEntry(app: RunningApp, buildId: string) {
  const list = (await app.call('history.list', {})) as HistoryEntry[];
  return list.find((e) => e.buildId === buildId) ?? null;
}

export async function historyLog(app: RunningApp, buildId: string): Promise<string[]> {
  return ((await app.call('history.get', { buildId })) as { log: string[] }).log;
}

export async function processTasksNotEnded(app: RunningApp): Promise<string[]> {
  const list = (await app.call('tasks.list', {})) as TaskInfo[];
  return list.filter((t) => t.state === 'running').map((t) => `task ${t.title} running`);
}
