import { randomBytes } from 'node:crypto';
import { payloadsOf } from '../../test/integration/build/build-app';
import { dockerfileFromRegistryBase } from '../../test/support/build-contexts';
import { podman } from '../../test/support/podman-cli';
import { testEnv } from '../../test/support/test-env';
import type { BuildResult } from '../../electron/shared/contract/build';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import type { GauntletCase, RunContext } from './gauntlet-case';
import { describeResult, gauntletRun, startBuild, waitForTaskStep, type GauntletApp } from './support-b-app';
import { tagState } from './support-b-registry-check';

/** Cancel must end the build (task and container) within this. */
const CANCEL_ANSWER_MS = 2_000;

/**
 * Where in the build the cancel lands: right after the start, or a seeded delay after the build's task
 * enters a phase (its step label). The last phases exist in one mode only.
 */
const PHASES: { name: string; step: RegExp | null; maxDelayMs: number; mode?: 'push' | 'local' }[] = [
  { name: 'start', step: null, maxDelayMs: 150 },
  { name: 'credentials', step: /^Checking credentials/, maxDelayMs: 100, mode: 'push' },
  { name: 'container', step: /^Creating the build container/, maxDelayMs: 100 },
  { name: 'upload', step: /^Sending the build context/, maxDelayMs: 400 },
  { name: 'executor', step: /^Starting the executor/, maxDelayMs: 4_000 },
  { name: 'push', step: /^Pushing to /, maxDelayMs: 800, mode: 'push' },
  { name: 'load', step: /^Loading the image/, maxDelayMs: 800, mode: 'local' },
];

/**
 * A real build cancelled at a seeded moment in a seeded phase (credentials check, container creation,
 * context upload, the executor's run, push or load): the build and its task end as cancelled within 2 s,
 * and nothing the build made stays: no container, volume, dangling image, image loaded for a cancelled
 * build, or tag pushed for one.
 */
export const cancelRandomCase: GauntletCase = {
  name: 'cancel-at-random-moments',
  description:
    'A real build (local or push) cancelled at a seeded delay into a seeded phase (start, credentials, container, context upload, executor run, push, load): cancelled within 2 s, the task ended, and no container, volume, dangling image, loaded image or pushed tag left behind.',
  fullRuns: 50,
  reducedRuns: 3,
  run: (ctx) => gauntletRun(ctx, (t) => cancelOnce(t, ctx)),
};

async function cancelOnce(t: GauntletApp, ctx: RunContext) {
  const phase = PHASES[Math.floor(ctx.random() * PHASES.length)] as (typeof PHASES)[number];
  const mode = phase.mode ?? (ctx.random() < 0.5 ? 'push' : 'local');
  const delayMs = Math.floor(ctx.random() * phase.maxDelayMs);
  const env = testEnv();
  const repository = `gauntlet/cancel-${ctx.seed}`;
  const contextDir = t.context({
    Dockerfile: dockerfileFromRegistryBase('COPY big.bin /big.bin', 'RUN echo step && sleep 1'),
    // A few MiB: the upload, push and load phases last long enough to be hit.
    'big.bin': randomBytes(6 * 1024 * 1024),
  });
  const what = `${mode} build, cancel ${delayMs} ms into ${phase.name}`;
  const { buildId, taskId } = await startBuild(t, {
    contextDir,
    registry: mode === 'push' ? env.registry : '',
    repository,
    mode,
    baseImageLogin: true,
  });

  const reached = phase.step === null || (await waitForTaskStep(t, taskId, phase.step));
  if (!reached) {
    const r = await t.finished(buildId, 120_000);
    return { passed: false, detail: `${what}: the phase never came (${describeResult(r)})` };
  }
  await new Promise((r) => setTimeout(r, delayMs));
  const cancelAt = performance.now();
  const answer = await t.ok<{ cancelled: boolean }>('build.cancel', { buildId });
  const result = await t.finished(buildId, 60_000);
  const endedMs = Math.round(performance.now() - cancelAt);
  const task = payloadsOf(t.events, 'tasks.updated')
    .filter((p) => p.id === taskId)
    .at(-1) as TaskInfo | undefined;

  const problems: string[] = [];
  if (answer.cancelled) {
    if (result.result !== 'cancelled')
      problems.push(`cancel accepted, but the build ${describeResult(result)}`);
    if (endedMs > CANCEL_ANSWER_MS) problems.push(`ended ${endedMs} ms after the cancel`);
  } else if (result.result === 'running' || result.result === 'cancelled') {
    problems.push(`cancel refused, yet the build is ${result.result}`);
  }
  if (task && task.state !== taskStateFor(result)) {
    problems.push(`the task says ${task.state}, the build ${result.result}`);
  }
  problems.push(...(await leftoverOutput(result, mode, repository)));
  return {
    passed: problems.length === 0,
    // The user's wait: from Cancel to the build (and its container) gone.
    timeToErrorMs: answer.cancelled ? endedMs : null,
    detail: `${what}: ${answer.cancelled ? `cancelled → ${result.result} in ${endedMs} ms` : `too late (${result.result})`}${problems.length ? `; ${problems.join('; ')}` : ''}`,
  };
}

function taskStateFor(r: BuildResult): TaskInfo['state'] {
  return r.result === 'succeeded' ? 'succeeded' : r.result === 'cancelled' ? 'cancelled' : 'failed';
}

/**
 * What the build produced that must not outlive a cancel: its loaded image (local) or its tag (push).
 * After a build that finished anyway, its output is removed here (it is the product, not a leftover).
 */
async function leftoverOutput(r: BuildResult, mode: 'push' | 'local', repository: string): Promise<string[]> {
  const cancelled = r.result !== 'succeeded';
  if (mode === 'local') {
    const name = `localhost/${repository}:latest`;
    const exists = (await podman(['image', 'exists', name])).code === 0;
    if (exists) await podman(['rmi', '-f', name]);
    return exists && cancelled ? [`image ${name} of a ${r.result} build`] : [];
  }
  const s = await tagState(repository, 'latest');
  return s.state !== 'absent' && cancelled
    ? [`tag ${repository}:latest (${s.state}) of a ${r.result} build`]
    : [];
}
