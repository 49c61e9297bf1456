import { rmSync } from 'node:fs';
import type { BuildRequestInput } from '../../electron/shared/contract/build-request';
import { saveRegistryLogin } from '../../test/integration/build/build-app';
import { podman } from '../../test/support/podman-cli';
import { testEnv } from '../../test/support/test-env';
import type { CaseRun, GauntletCase, RunContext } from './gauntlet-case';
import { caseRun } from './support-result';
import {
  findEvent,
  historyOf,
  lastStep,
  startGauntletApp,
  timeline,
  tasksNotEnded,
  waitForEvent,
  waitForLogLine,
  waitForPhase,
  waitForTaskEnd,
  type GauntletApp,
} from './support-app';
import { bigImageContext, bigUploadContext, runTag, SLEEP_MARKER, sleepingContext } from './support-contexts';
import { sleep, startKillableEngine } from './support-engine';
import { writeTimeline } from './support-timeline';
import { engineSnapshot, leftAfterSettling, removeLeftovers } from './support-leftovers';

type Phase = 'upload' | 'executor' | 'load' | 'push';

/** The user must see the error this soon after the engine dies, and the app reconnect this soon after it is back. */
const ERROR_WITHIN_MS = 5_000;
const RECONNECT_WITHIN_MS = 5_000;

interface PhasePlan {
  /** How the error must name the phase. */
  named: RegExp;
  /** A build whose `phase` lasts long enough to be hit. */
  request(tag: string): BuildRequestInput;
  /** Resolves when the build is inside the phase. */
  reached(app: GauntletApp, ids: { taskId: string; buildId: string }): Promise<unknown>;
  /** The kill lands at a seeded moment in [0, windowMs) after the phase began. */
  windowMs: number;
  /** A log line the build printed before the kill, which History must keep. */
  keptLine: RegExp;
}

const IMAGE_MIB = 160;

const PHASES: Record<Phase, PhasePlan> = {
  upload: {
    named: /context upload/,
    request: (tag) => ({ contextDir: bigUploadContext(), repository: 'gauntlet/killed-upload', tags: [tag] }),
    reached: (app, { taskId }) =>
      waitForEvent(app, 'tasks.updated', (p) => p.id === taskId && p.step === 'Sending the build context', {
        timeoutMs: 60_000,
        what: 'the context upload',
      }),
    windowMs: 1_000,
    keptLine: /^Executor .*cap-drop ALL/,
  },
  executor: {
    named: /executor run/,
    request: (tag) => ({
      contextDir: sleepingContext(),
      repository: 'gauntlet/killed-executor',
      tags: [tag],
    }),
    reached: (app, { taskId }) => waitForLogLine(app, taskId, new RegExp(SLEEP_MARKER), 60_000),
    windowMs: 3_000,
    keptLine: new RegExp(SLEEP_MARKER),
  },
  load: {
    named: /image read-back and load/,
    request: (tag) => ({
      contextDir: bigImageContext(IMAGE_MIB),
      repository: 'gauntlet/killed-load',
      tags: [tag],
    }),
    reached: (app, { buildId }) => waitForPhase(app, buildId, 'load', 120_000),
    // A fast disk reads back and loads 160 MB in about a second: a later kill would find the build done.
    windowMs: 700,
    keptLine: /^built$/,
  },
  push: {
    named: /push/,
    request: (tag) => ({
      contextDir: bigImageContext(IMAGE_MIB),
      registry: testEnv().registry,
      repository: 'gauntlet/killed-push',
      tags: [tag],
      mode: 'push',
    }),
    reached: (app, { buildId }) => waitForPhase(app, buildId, 'push', 120_000),
    windowMs: 1_000,
    keptLine: /^built$/,
  },
};

async function runOnce(phase: Phase, ctx: RunContext): Promise<CaseRun> {
  const plan = PHASES[phase];
  const before = await engineSnapshot();
  const engine = await startKillableEngine(`killed-${phase}-${ctx.seed}`);
  const tag = runTag(ctx.seed);
  const problems: string[] = [];
  const leftBehind: string[] = [];
  let timeToErrorMs: number | null = null;
  let app: GauntletApp | null = null;
  let contextDir: string | null = null;
  try {
    app = await startGauntletApp(engine.socketPath);
    if (phase === 'push') await saveRegistryLogin(app);
    const request = plan.request(tag);
    contextDir = request.contextDir ?? null;
    const ids = await app.ok<{ taskId: string; buildId: string }>('build.start', request);
    await plan.reached(app, ids);
    const delay = Math.floor(ctx.random() * plan.windowMs);
    await sleep(delay);
    const stepAtKill = lastStep(app, ids.taskId);
    const killedAt = Date.now();
    await engine.kill();
    ctx.log(`killed ${delay} ms into ${phase} (step "${stepAtKill}")`);
    // The upload of a fast disk can end before the kill: then the error must name the phase it hit.
    const hit = stepAtKill === 'Loading the image into Podman' ? 'load' : phase;
    const named = PHASES[hit].named;
    if (hit !== phase) ctx.log(`the kill landed in ${hit}`);

    const ended = await waitForTaskEnd(app, ids.taskId, 60_000);
    const error = ended.payload.error;
    const pushedAnyway = phase === 'push' && ended.payload.state === 'succeeded';
    if (pushedAnyway) {
      // The push reads the image from the engine first, then talks only to the registry: a kill after the
      // read lets it finish, which is right (nothing was lost). Counted, not an error.
      ctx.log('the push had already read the image from the engine and completed');
    } else {
      timeToErrorMs = ended.at - killedAt;
      if (ended.payload.state !== 'failed') problems.push(`task ended ${ended.payload.state}`);
      if (timeToErrorMs > ERROR_WITHIN_MS) problems.push(`error after ${timeToErrorMs} ms`);
      if (error?.code !== 'ENGINE_UNAVAILABLE' || !named.test(error.message))
        problems.push(`error does not name the ${hit} phase: ${error?.code} ${error?.message}`);
    }
    const entry = await historyOf(app, ids.buildId);
    const wanted = pushedAnyway ? 'succeeded' : 'failed';
    if (entry.result !== wanted) problems.push(`history says ${entry.result}, not ${wanted}`);
    if (!pushedAnyway && !named.test(entry.error?.message ?? ''))
      problems.push(`history error does not name the phase: ${entry.error?.message}`);
    if (!entry.log.some((l) => plan.keptLine.test(l))) problems.push(`history log lost ${plan.keptLine}`);

    // The status bar must say so too (the engine stays down until it has).
    const lost = await waitForEvent(app, 'engine.status', (s) => s.state === 'disconnected', {
      timeoutMs: 10_000,
      what: 'the status bar to show the engine lost',
      since: killedAt,
    }).catch(() => null);
    if (!lost || lost.at - killedAt > ERROR_WITHIN_MS)
      problems.push(`the status bar showed the loss ${lost ? `after ${lost.at - killedAt} ms` : 'never'}`);

    await engine.restart();
    const upAt = Date.now(); // the engine answers again
    const connected = await waitForEvent(app, 'engine.status', (s) => s.state === 'connected', {
      timeoutMs: 20_000,
      what: 'the app to reconnect',
      since: upAt,
    }).catch(() => null);
    if (!connected) problems.push('the app did not reconnect');
    else if (connected.at - upAt > RECONNECT_WITHIN_MS)
      problems.push(`reconnected after ${connected.at - upAt} ms`);
    leftBehind.push(...(await leftAfterSettling(before, 5_000)));
    leftBehind.push(...(await tasksNotEnded(app)));
    if (!findEvent(app, 'build.finished', (p) => p.buildId === ids.buildId))
      problems.push('no build.finished');
    if (problems.length) writeTimeline(`engine-killed-during-${phase}`, ctx.seed, timeline(app, killedAt));
    return caseRun(problems, leftBehind, timeToErrorMs, `${phase}: ${error?.message ?? 'pushed'}`);
  } finally {
    await app?.close();
    await engine.stop();
    await removeLeftovers(before);
    await podman(['rmi', '-f', `localhost/gauntlet/killed-${phase}:${tag}`]);
    if (contextDir && phase !== 'upload') rmSync(contextDir, { recursive: true, force: true });
  }
}

function engineKilledCase(phase: Phase, description: string, reducedRuns: number): GauntletCase {
  return {
    name: `engine-killed-during-${phase}`,
    description,
    fullRuns: 5,
    reducedRuns,
    run: (ctx) => runOnce(phase, ctx),
  };
}

export const ENGINE_KILLED_CASES: GauntletCase[] = [
  engineKilledCase(
    'upload',
    'The Podman service is SIGKILLed while a 160 MiB context streams in: an error naming the upload within 5 s, History failed with its log, reconnect and the container removed within 5 s of the engine coming back.',
    0,
  ),
  engineKilledCase(
    'executor',
    'The Podman service is SIGKILLed while Kaniko runs a RUN step: the same checks; the executor still running under conmon is killed and removed after the reconnect.',
    1,
  ),
  engineKilledCase(
    'load',
    'The Podman service is SIGKILLed while the 160 MiB image is read back and loaded: the same checks, and no half-loaded image.',
    1,
  ),
  engineKilledCase(
    'push',
    'The Podman service is SIGKILLed while the push reads the built image out of the container: the same checks (or the push completes when the image was already read).',
    0,
  ),
];
