import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  payloadsOf,
  saveRegistryLogin,
  startBuildApp,
  type BuildTestApp,
} from '../../test/integration/build/build-app';
import type { BuildRequestInput } from '../../electron/shared/contract/build-request';
import type { BuildResult } from '../../electron/shared/contract/build';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import type { CaseRun, RunContext } from './gauntlet-case';
import { engineSnapshot, leftAfterSettling, removeLeftovers } from './support-leftovers';

/** What a run's body reports; the wrapper adds what was left behind. */
export interface RunOutcome {
  passed: boolean;
  detail: string;
  timeToErrorMs?: number | null;
  /** Leftovers the body found itself (a registry tag, a preview still answering…). */
  leftBehind?: string[];
}

export interface GauntletApp extends BuildTestApp {
  /** This run's private temp folder: the app's temp folders (pushed layouts) land here. */
  tmp: string;
  /** Writes a build context (outside `tmp`, so only the app's own folders are counted there). */
  context(files: Record<string, string | Buffer>): string;
}

/** A folder holding these files (paths may contain '/'). */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * One gauntlet run against a fresh app on the harness's engine: snapshot the engine, start the app with
 * the registry's login saved and TMPDIR pointed at a private folder, run the body, then count what stayed:
 * tasks still running, new containers, volumes and dangling images, and temp folders.
 */
export async function gauntletRun(
  ctx: RunContext,
  body: (t: GauntletApp) => Promise<RunOutcome>,
): Promise<CaseRun> {
  const before = await engineSnapshot();
  const root = mkdtempSync(path.join(os.tmpdir(), 'kd-gauntlet-b-'));
  const tmp = path.join(root, 'tmp');
  mkdirSync(tmp);
  const savedTmp = process.env.TMPDIR;
  const base = await startBuildApp(path.join(root, 'data'));
  let contexts = 0;
  const context = (files: Record<string, string | Buffer>) =>
    writeFiles(path.join(root, `context-${++contexts}`), files);
  const t: GauntletApp = Object.assign(base, { tmp, context });
  let outcome: RunOutcome;
  const leftBehind: string[] = [];
  try {
    await saveRegistryLogin(t);
    process.env.TMPDIR = tmp;
    outcome = await body(t);
    leftBehind.push(...(outcome.leftBehind ?? []));
    leftBehind.push(...(await tasksNotEnded(t)).map((x) => `task ${x.title} ${x.state}`));
  } catch (err) {
    outcome = { passed: false, detail: `threw: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await t.close({ keepDir: true });
  }
  leftBehind.push(...(await leftAfterSettling(before, 3_000)));
  await removeLeftovers(before);
  leftBehind.push(...readdirSync(tmp).map((n) => `temp folder ${n}`));
  rmSync(root, { recursive: true, force: true });
  ctx.log(outcome.detail);
  return {
    passed: outcome.passed,
    leftBehind,
    timeToErrorMs: outcome.timeToErrorMs ?? null,
    detail: outcome.detail,
  };
}

/** Tasks that have not ended, waiting a moment for ones that are settling. */
export async function tasksNotEnded(t: BuildTestApp, graceMs = 2_000): Promise<TaskInfo[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const running = (await t.ok<TaskInfo[]>('tasks.list', {})).filter((x) => x.state === 'running');
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a build; field errors throw. */
export async function startBuild(
  t: BuildTestApp,
  req: BuildRequestInput,
): Promise<{ buildId: string; taskId: string }> {
  return t.ok<{ buildId: string; taskId: string }>('build.start', req);
}

/** The build's result, or null when it has not finished yet. */
export function finishedResult(t: BuildTestApp, buildId: string): BuildResult | null {
  return payloadsOf(t.events, 'build.finished').find((p) => p.buildId === buildId)?.result ?? null;
}

/**
 * Resolves true once the task has shown a step label matching `step` ("Sending the build context"…),
 * false when the task ended first.
 */
export async function waitForTaskStep(
  t: BuildTestApp,
  taskId: string,
  step: RegExp,
  timeoutMs = 120_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const updates = payloadsOf(t.events, 'tasks.updated').filter((p) => p.id === taskId);
    if (updates.some((u) => u.step !== null && step.test(u.step))) return true;
    if (updates.some((u) => u.state !== 'running')) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

/** A short text for a result: "failed UNAVAILABLE: The blob upload to … failed: …". */
export function describeResult(r: BuildResult): string {
  return r.error ? `${r.result} ${r.error.code}: ${r.error.message}` : `${r.result} ${r.digest ?? ''}`;
}
