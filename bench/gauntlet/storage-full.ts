import { rmSync } from 'node:fs';
import type { BuildResult } from '../../electron/shared/contract/build';
import { podman } from '../../test/support/podman-cli';
import type { CaseRun, GauntletCase, RunContext } from './gauntlet-case';
import { caseRun } from './support-result';
import { findEvent, startGauntletApp, tasksNotEnded, timeline, waitForTaskEnd } from './support-app';
import type { GauntletApp } from './support-app';
import { bigImageContext, runTag } from './support-contexts';
import { startFullEngine } from './support-full-engine';
import { engineSnapshot, leftAfterSettling, removeLeftovers } from './support-leftovers';
import { writeTimeline } from './support-timeline';

/** The tmpfs: the executor image (~85 MB) plus what is left for the build container and the load. */
const TMPFS_MIB = 300;
/** The full disk must be reported this soon after it filled up. */
const ERROR_WITHIN_MS = 5_000;
const NO_SPACE_RE = /no space|storage is full/i;

/**
 * The size of the image's random file: small ones fit, middling ones fill the disk while the image is
 * loaded, big ones while Kaniko writes the step or its snapshot.
 */
const imageMiB = (random: () => number) => 20 + Math.floor(random() * 130);

async function runOnce(ctx: RunContext): Promise<CaseRun> {
  const mib = imageMiB(ctx.random);
  const engine = await startFullEngine(String(ctx.seed), TMPFS_MIB);
  const before = await engineSnapshot(engine.socketPath);
  const contextDir = bigImageContext(mib);
  const tag = runTag(ctx.seed);
  const reference = `localhost/gauntlet/storage-full:${tag}`;
  const on = { socketPath: engine.socketPath };
  const problems: string[] = [];
  let app: GauntletApp | null = null;
  let fullAt: number | null = null;
  const watch = setInterval(() => {
    if (fullAt === null && engine.free() < 2 * 1024 * 1024) fullAt = Date.now();
  }, 50);
  try {
    app = await startGauntletApp(engine.socketPath);
    const ids = await app.ok<{ taskId: string; buildId: string }>('build.start', {
      contextDir,
      repository: 'gauntlet/storage-full',
      tags: [tag],
    });
    const ended = await waitForTaskEnd(app, ids.taskId, 240_000);
    const result = findEvent(app, 'build.finished', (p) => p.buildId === ids.buildId)?.payload.result;
    const imageThere = (await podman(['image', 'exists', reference], on)).code === 0;
    let timeToErrorMs: number | null = null;
    if (ended.payload.state === 'succeeded') {
      if (!imageThere || !result?.loadedImages.length) problems.push('succeeded but no image loaded');
      ctx.log(`${mib} MiB fitted`);
    } else {
      const shown = explanationOf(result, ended.payload.error?.message);
      if (!NO_SPACE_RE.test(shown)) problems.push(`no clear "no space" error: ${shown}`);
      if (result?.loadedImages.length) problems.push(`reported ${result.loadedImages.join(', ')} as loaded`);
      if (imageThere) problems.push(`${reference} is in the engine after a failed build`);
      // From the first word of the full disk (Kaniko's or Podman's line in the log; else the moment the
      // tmpfs filled) to the error the user reads: the app's own latency.
      const said = findEvent(app, 'tasks.log', (p) => p.taskId === ids.taskId && NO_SPACE_RE.test(p.text));
      const from = said?.at ?? fullAt;
      if (fullAt === null) problems.push('failed, but the disk never filled');
      if (from !== null) {
        timeToErrorMs = Math.max(0, ended.at - from);
        if (timeToErrorMs > ERROR_WITHIN_MS) problems.push(`error ${timeToErrorMs} ms after the disk filled`);
      }
      ctx.log(`${mib} MiB: ${shown}`);
    }
    const leftBehind = [...(await leftAfterSettling(before, 5_000)), ...(await tasksNotEnded(app))];
    if (problems.length) writeTimeline('storage-full', ctx.seed, timeline(app, fullAt ?? ended.at));
    return caseRun(problems, leftBehind, timeToErrorMs, `${mib} MiB: ${ended.payload.state}`);
  } finally {
    clearInterval(watch);
    await app?.close();
    await removeLeftovers(before).catch(() => undefined);
    await engine.stop();
    rmSync(contextDir, { recursive: true, force: true });
  }
}

/** What the user reads: the executor's explained failure, else the error. */
function explanationOf(result: BuildResult | undefined, fallback = ''): string {
  return [result?.failure?.explanation, result?.error?.message ?? fallback].filter(Boolean).join(' / ');
}

export const STORAGE_FULL_CASE: GauntletCase = {
  name: 'storage-full',
  description: `Podman's whole storage on a ${TMPFS_MIB} MiB tmpfs holding the executor; each run builds an image with 20–150 MiB of random bytes (seeded): it fits, or fills the disk in the RUN step, the snapshot or the load. A failure must say "no space" within 5 s of the first "no space" line (time to error), and nothing half-loaded may be reported or left as an image.`,
  fullRuns: 6,
  reducedRuns: 1,
  run: runOnce,
};
