import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../../test/integration/build/build-app';
import type { RunningApp } from '../../test/support/e2e-app';
import type { CaseRun, GauntletCase, RunContext } from './gauntlet-case';
import { caseRun } from './support-result';
import {
  historyEntry,
  historyLog,
  historyLogLines,
  processTasksNotEnded,
  startAppProcess,
} from './support-app-process';
import {
  bigUploadContext,
  LINGERING_DOCKERFILE,
  runTag,
  SLEEP_MARKER,
  sleepingContext,
} from './support-contexts';
import { sleep } from './support-engine';
import { engineSnapshot, leftAfterSettling, newSince, removeLeftovers } from './support-leftovers';

/** After the restart, the orphan must be gone and History updated this soon. */
const RECOVERED_WITHIN_MS = 10_000;

/**
 * Where the kill lands: while the context streams in, or while Kaniko runs a step. The upload's build
 * sleeps afterwards, so on a disk fast enough to finish the upload inside the window the kill still
 * finds the build running (in the executor) rather than finished.
 */
const MOMENTS = {
  upload: {
    inLog: /^Executor .*cap-drop ALL/,
    windowMs: 1_000,
    context: () => bigUploadContext(),
    dockerfile: LINGERING_DOCKERFILE,
  },
  executor: {
    inLog: new RegExp(SLEEP_MARKER),
    windowMs: 3_000,
    context: () => sleepingContext(),
    dockerfile: 'Dockerfile',
  },
} as const;

async function runOnce(ctx: RunContext): Promise<CaseRun> {
  const moment = ctx.random() < 0.5 ? 'upload' : 'executor';
  const { inLog, windowMs, context, dockerfile } = MOMENTS[moment];
  const before = await engineSnapshot();
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'kd-gauntlet-app-'));
  const contextDir = context();
  const problems: string[] = [];
  let app: RunningApp | null = null;
  try {
    app = await startAppProcess(configDir);
    const { buildId } = (await app.call('build.start', {
      contextDir,
      dockerfile,
      repository: 'gauntlet/app-killed',
      tags: [runTag(ctx.seed)],
    })) as { buildId: string };
    await waitFor(() => historyLogLines(configDir, buildId).some((l) => inLog.test(l)), 60_000, `${inLog}`);
    const delay = Math.floor(ctx.random() * windowMs);
    await sleep(delay);
    await app.kill();
    ctx.log(`server SIGKILLed ${delay} ms into the ${moment}`);
    const linesAtKill = historyLogLines(configDir, buildId);
    const orphans = newSince(before, await engineSnapshot(before.socket)).filter((l) =>
      l.startsWith('container'),
    );
    if (orphans.length === 0) {
      const last = linesAtKill.at(-1) ?? 'none';
      problems.push(`the kill left no orphan container (it came too late; last log line: ${last})`);
    }

    const restartAt = Date.now();
    app = await startAppProcess(configDir);
    let entry = await historyEntry(app, buildId);
    while (entry?.result !== 'interrupted' && Date.now() - restartAt < RECOVERED_WITHIN_MS) {
      await sleep(100);
      entry = await historyEntry(app, buildId);
    }
    const timeToErrorMs = Date.now() - restartAt;
    const left = await leftAfterSettling(before, 2_000);
    if (entry?.result !== 'interrupted') problems.push(`History says ${entry?.result ?? 'nothing'}`);
    const log = await historyLog(app, buildId);
    const lost = linesAtKill.filter((l) => !log.includes(l));
    if (lost.length > 0) problems.push(`History lost ${lost.length} of the ${linesAtKill.length} lines`);
    if (!log.some((l) => inLog.test(l))) problems.push(`History's log lacks ${inLog}`);
    const leftBehind = [...left, ...(await processTasksNotEnded(app))];
    return caseRun(
      problems,
      leftBehind,
      timeToErrorMs,
      `${moment}: orphan removed, History interrupted with ${log.length} log lines`,
    );
  } finally {
    await app?.stop();
    rmSync(configDir, { recursive: true, force: true });
    await removeLeftovers(before);
    if (moment !== 'upload') rmSync(contextDir, { recursive: true, force: true });
  }
}

export const APP_KILLED_CASE: GauntletCase = {
  name: 'app-killed-mid-build',
  description:
    'The browser-mode server (dist/electron/serve.js) is SIGKILLed during the context upload or a RUN step; the next start must remove the orphan container, mark the History entry interrupted and keep its log (time to error: restart → History updated).',
  fullRuns: 6,
  reducedRuns: 1,
  run: runOnce,
};
