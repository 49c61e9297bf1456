import type { EventMessage, EventName, EventPayload } from '../../electron/shared/contract';
import type { HistoryEntry } from '../../electron/shared/contract/build';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import { startBuildApp, type BuildTestApp } from '../../test/integration/build/build-app';

/** An event as the page received it, with the time it arrived. */
export interface TimedEvent {
  at: number;
  msg: EventMessage;
}

/** The whole app in this process (browser-mode adapters) on one engine socket, every event timed. */
export interface GauntletApp extends BuildTestApp {
  timed: TimedEvent[];
}

export async function startGauntletApp(engineSocket?: string): Promise<GauntletApp> {
  const t = await startBuildApp(undefined, engineSocket ? { engineSocket } : {});
  const timed: TimedEvent[] = [];
  t.app.hub.subscribe((msg) => timed.push({ at: Date.now(), msg })).ready();
  return Object.assign(t, { timed });
}

/** The first event (arrived at or after `since`) of that name whose payload passes `match`. */
export function findEvent<K extends EventName>(
  app: GauntletApp,
  name: K,
  match: (p: EventPayload<K>) => boolean,
  since = 0,
): { at: number; payload: EventPayload<K> } | null {
  for (const e of app.timed) {
    if (e.at < since || e.msg.event !== name) continue;
    const payload = e.msg.payload as EventPayload<K>;
    if (match(payload)) return { at: e.at, payload };
  }
  return null;
}

/** Waits for `findEvent` to find one; throws "timed out waiting for <what>" otherwise. */
export async function waitForEvent<K extends EventName>(
  app: GauntletApp,
  name: K,
  match: (p: EventPayload<K>) => boolean,
  opts: { timeoutMs: number; what: string; since?: number },
): Promise<{ at: number; payload: EventPayload<K> }> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const found = findEvent(app, name, match, opts.since ?? 0);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** When the task left 'running' (as the page saw it) and how. */
export function waitForTaskEnd(
  app: GauntletApp,
  taskId: string,
  timeoutMs: number,
): Promise<{ at: number; payload: TaskInfo }> {
  return waitForEvent(app, 'tasks.updated', (p) => p.id === taskId && p.state !== 'running', {
    timeoutMs,
    what: `task ${taskId} to end`,
  });
}

/** A line of the task's log matching `re` arrived. */
export function waitForLogLine(app: GauntletApp, taskId: string, re: RegExp, timeoutMs: number) {
  return waitForEvent(app, 'tasks.log', (p) => p.taskId === taskId && re.test(p.text), {
    timeoutMs,
    what: `a log line matching ${re}`,
  });
}

/** The build entered that phase (the Build page's phase list). */
export function waitForPhase(app: GauntletApp, buildId: string, key: string, timeoutMs: number) {
  return waitForEvent(
    app,
    'build.stage',
    (p) => p.buildId === buildId && p.stages.at(-1)?.key === key && p.stages.at(-1)?.state === 'active',
    { timeoutMs, what: `the build to enter ${key}` },
  );
}

/** The task's step as last published (e.g. "Sending the build context"). */
export function lastStep(app: GauntletApp, taskId: string): string | null {
  let step: string | null = null;
  for (const e of app.timed) {
    if (e.msg.event !== 'tasks.updated') continue;
    const task = e.msg.payload as TaskInfo;
    if (task.id === taskId) step = task.step;
  }
  return step;
}

/** "task <title> running" for every task the app has not ended. */
export async function tasksNotEnded(app: GauntletApp): Promise<string[]> {
  const list = await app.ok<TaskInfo[]>('tasks.list', {});
  return list.filter((t) => t.state === 'running').map((t) => `task ${t.title} running`);
}

/** The History page's view of one build: its entry and its log. */
export function historyOf(app: GauntletApp, buildId: string) {
  return app.ok<HistoryEntry & { log: string[] }>('history.get', { buildId });
}

/** Every event of the run, one line each, times relative to `t0` (written next to the table when a run fails). */
export function timeline(app: GauntletApp, t0: number): string {
  return app.timed
    .map(
      (e) => `${String(e.at - t0).padStart(7)} ${e.msg.event} ${JSON.stringify(e.msg.payload).slice(0, 400)}`,
    )
    .join('\n');
}
