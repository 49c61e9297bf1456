import { renameSync, rmSync } from 'node:fs';
import { podman } from '../../test/support/podman-cli';
import type { CaseRun, GauntletCase, RunContext } from './gauntlet-case';
import { caseRun } from './support-result';
import {
  historyOf,
  startGauntletApp,
  tasksNotEnded,
  timeline,
  waitForLogLine,
  waitForTaskEnd,
} from './support-app';
import type { GauntletApp } from './support-app';
import { runTag, SLEEP_MARKER, sleepingContext } from './support-contexts';
import { sleep, startKillableEngine } from './support-engine';
import { engineSnapshot, leftAfterSettling, removeLeftovers } from './support-leftovers';
import { writeTimeline } from './support-timeline';

/** Once the socket is back, the task must have ended (either way) this soon: never stuck "running". */
const ENDED_WITHIN_MS = 30_000;

/**
 * How the socket goes away while Kaniko runs a step: the file is moved aside (the service keeps running
 * and open connections live on), or the service is stopped (SIGTERM) and started again.
 */
type Way = 'moved' | 'stopped';

async function runOnce(ctx: RunContext): Promise<CaseRun> {
  const way: Way = ctx.random() < 0.5 ? 'moved' : 'stopped';
  const goneForMs = 500 + Math.floor(ctx.random() * 4_000);
  const before = await engineSnapshot();
  const engine = await startKillableEngine(`socket-${ctx.seed}`);
  const contextDir = sleepingContext(4);
  const tag = runTag(ctx.seed);
  const problems: string[] = [];
  let app: GauntletApp | null = null;
  try {
    app = await startGauntletApp(engine.socketPath);
    const ids = await app.ok<{ taskId: string; buildId: string }>('build.start', {
      contextDir,
      repository: 'gauntlet/socket-gone',
      tags: [tag],
    });
    await waitForLogLine(app, ids.taskId, new RegExp(SLEEP_MARKER), 60_000);
    await sleep(Math.floor(ctx.random() * 2_000));
    const goneAt = Date.now();
    if (way === 'moved') renameSync(engine.socketPath, `${engine.socketPath}.away`);
    else await engine.stop();
    await sleep(goneForMs);
    if (way === 'moved') renameSync(`${engine.socketPath}.away`, engine.socketPath);
    else await engine.restart();
    const backAt = Date.now();
    ctx.log(`socket ${way} for ${goneForMs} ms`);

    const ended = await waitForTaskEnd(app, ids.taskId, ENDED_WITHIN_MS).catch(() => null);
    let timeToErrorMs: number | null = null;
    if (!ended) problems.push(`task still running ${ENDED_WITHIN_MS} ms after the socket came back`);
    else if (ended.payload.state === 'failed') {
      timeToErrorMs = Math.max(0, ended.at - goneAt);
      const e = ended.payload.error;
      if (e?.code !== 'ENGINE_UNAVAILABLE' || !/Podman/.test(e.message))
        problems.push(`unclear error: ${e?.code} ${e?.message}`);
    } else if (ended.payload.state !== 'succeeded') problems.push(`task ended ${ended.payload.state}`);
    if (ended) {
      const entry = await historyOf(app, ids.buildId);
      if (entry.result !== ended.payload.state) problems.push(`History says ${entry.result}`);
      if (!entry.log.some((l) => l.includes(SLEEP_MARKER))) problems.push('History lost the log');
    }
    const leftBehind = [...(await leftAfterSettling(before, 8_000)), ...(await tasksNotEnded(app))];
    if (problems.length) writeTimeline('socket-gone-mid-build', ctx.seed, timeline(app, goneAt));
    return caseRun(
      problems,
      leftBehind,
      timeToErrorMs,
      `${way} ${goneForMs} ms: ${ended?.payload.state} ${backAt - goneAt} ms`,
    );
  } finally {
    await app?.close();
    await engine.stop();
    await removeLeftovers(before);
    await podman(['rmi', '-f', `localhost/gauntlet/socket-gone:${tag}`]);
    rmSync(contextDir, { recursive: true, force: true });
  }
}

export const SOCKET_GONE_CASE: GauntletCase = {
  name: 'socket-gone-mid-build',
  description:
    'While Kaniko runs a step, the engine socket is moved aside (service alive) or the service is stopped, for 0.5–4.5 s, then comes back: the task ends (error or success) within 30 s, never stuck running; History matches the task; nothing left once Podman answers.',
  fullRuns: 8,
  reducedRuns: 1,
  run: runOnce,
};
