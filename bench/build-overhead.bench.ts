// Build overhead: the app's local-only build (BuildService through the real runner) vs the same REAL Kaniko
// executor run the way build.sh runs it (`podman run --rm` + bind-mounted context and login), plus
// `podman load` of the tarball it writes, so both sides do the same work: context in, executor (base pulled
// from the loopback registry, 2 stages, 2 RUN steps), tarball, image in Podman. The context: 20 MB in
// 1,000 files, 40 % of them excluded by .dockerignore. Also: the time from Build to the first executor line.
// Run: npm run bench:build (BENCH_RUNS=7 by default, one extra warm-up round is discarded).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuildPlan, BuildResult } from '../electron/shared/contract/build';
import { DEFAULT_EXECUTOR_IMAGE } from '../electron/shared/executor-release';
import {
  saveRegistryLogin,
  startBuildApp,
  taskLog,
  type BuildTestApp,
} from '../test/integration/build/build-app';
import { podman } from '../test/support/podman-cli';
import { testEnv } from '../test/support/test-env';
import { makeBigContext } from './support/big-context';
import { cliKanikoBuild, writeRegistryLoginConfig } from './support/cli-build';
import { formatMarks, recordEnginePhases, type PhaseMark } from './support/engine-phases';
import { writeResults } from './support/results';
import { fixed, ms, series } from './support/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const env = testEnv();
const workDir = path.join(env.stateDir, 'bench-build');
const contextDir = path.join(workDir, 'context');
let t: BuildTestApp;
const phases = recordEnginePhases();

const configFile = path.join(workDir, 'config.json');

beforeAll(async () => {
  mkdirSync(workDir, { recursive: true, mode: 0o755 });
  // Where the rootless engine's user can read it (for the CLI's bind mount).
  makeBigContext(contextDir, 1_000, 20 * 1024 * 1024);
  writeFileSync(
    path.join(contextDir, 'Dockerfile'),
    [
      `FROM ${env.registryBaseImage} AS build`,
      'COPY src /src',
      'RUN find /src -type f | wc -l > /count && du -s /src > /size',
      `FROM ${env.registryBaseImage}`,
      'COPY --from=build /count /size /meta/',
      'COPY assets /srv/assets',
      'RUN ls -R /srv/assets | wc -l',
      '',
    ].join('\n'),
  );
  t = await startBuildApp();
  await saveRegistryLogin(t);
  writeRegistryLoginConfig(configFile);
});
afterAll(async () => {
  phases.restore();
  await t?.close();
});

function request(tag: string) {
  return {
    contextDir,
    registry: 'localhost',
    repository: 'kd-bench/page',
    tags: [tag],
    mode: 'local',
    baseImageLogin: true,
  };
}

/** The app: build.start → build.finished, timed by the events the renderer would see. */
async function appBuild(
  tag: string,
): Promise<{ ms: number; firstLineMs: number; marks: PhaseMark[]; result: BuildResult }> {
  phases.reset();
  const t0 = performance.now();
  let firstLineMs = NaN;
  let resolveFinished: (r: BuildResult) => void = () => undefined;
  const finished = new Promise<BuildResult>((r) => (resolveFinished = r));
  let buildId = '';
  const pending: { buildId: string; result: BuildResult }[] = [];
  const sub = t.app.hub.subscribe((m) => {
    // The first line Kaniko itself printed (logrus INFO), as the renderer would receive it.
    if (
      m.event === 'tasks.log' &&
      Number.isNaN(firstLineMs) &&
      /INFO/.test((m.payload as { text: string }).text)
    )
      firstLineMs = performance.now() - t0;
    if (m.event !== 'build.finished') return;
    const p = m.payload as { buildId: string; result: BuildResult };
    if (buildId && p.buildId === buildId) resolveFinished(p.result);
    else pending.push(p);
  });
  sub.ready();
  const started = await t.ok<{ buildId: string; taskId: string }>('build.start', request(tag));
  buildId = started.buildId;
  const early = pending.find((p) => p.buildId === buildId);
  if (early) resolveFinished(early.result);
  const result = await finished;
  sub.close();
  const elapsed = performance.now() - t0;
  expect(result.error).toBeNull();
  expect(result.loadedImages.join(',')).toContain(`kd-bench/page:${tag}`);
  // Attach before start: the executor's first and last lines must both be there.
  const log = (await taskLog(t, started.taskId)).join('\n');
  expect(log).toContain(`Retrieving image manifest ${env.registryBaseImage}`);
  expect(log).toContain('Skipping push to container registry due to --no-push flag');
  return { ms: elapsed, firstLineMs, marks: phases.marks.map((m) => ({ ...m })), result };
}

/** build.sh's way (bench/support/cli-build.ts), for this benchmark's image. */
async function cliBuild(plan: BuildPlan, tag: string): Promise<{ runMs: number; loadMs: number }> {
  return cliKanikoBuild({
    plan,
    contextDir,
    configFile,
    outDir: path.join(workDir, `out-${tag}`),
    image: `kd-bench/page:${tag}`,
  });
}

/** From the recorded engine calls: how long the app spent in each step of one build. */
function appPhases(marks: PhaseMark[]): Record<string, number> {
  const first = (n: string) => marks.find((m) => m.name === n);
  const all = (n: string) => marks.filter((m) => m.name === n);
  const create = first('createContainer');
  const puts = all('putArchive');
  const attach = first('attach');
  const start = first('start');
  const gets = all('getArchive');
  const load = first('loadImage');
  const kill = first('kill');
  const remove = first('remove');
  const span = (a?: PhaseMark, b?: PhaseMark) => (a && b ? b.doneAt - a.calledAt : NaN);
  return {
    beforeCreate: create ? create.calledAt : NaN,
    create: span(create, create),
    putArchive: span(puts[0], puts.at(-1)),
    attach: span(attach, attach),
    startCall: span(start, start),
    runUntilOutputEnds:
      attach?.streamEndAt !== undefined && start ? attach.streamEndAt - start.calledAt : NaN,
    // exit detected (inspect, or the wait) → output read back: the app's exit-report latency
    outputEndToGetArchive:
      attach?.streamEndAt !== undefined && gets[0] ? gets[0].calledAt - attach.streamEndAt : NaN,
    getArchiveAndLoad:
      gets[0] && load ? Math.max(load.doneAt, gets.at(-1)?.doneAt ?? 0) - gets[0].calledAt : NaN,
    loadImage: span(load, load),
    // (kill +) remove: the kill is skipped once the executor exited
    killRemove: remove ? remove.doneAt - (kill ?? remove).calledAt : NaN,
    removeDoneAfterLoad: remove && load ? remove.doneAt - load.doneAt : NaN,
  };
}

it(`build overhead: app vs podman CLI, ${RUNS} runs after a warm-up`, async () => {
  const plan = await t.ok<BuildPlan>('build.plan', request('cli'));
  const app: number[] = [];
  const firstLine: number[] = [];
  const cliRun: number[] = [];
  const cliTotal: number[] = [];
  const appDetails: { ms: number; durationMs: number; phases: Record<string, number>; timeline: string }[] =
    [];
  for (let i = 0; i <= RUNS; i++) {
    const warmUp = i === 0;
    // Alternate which side goes first, so a slow patch of the shared host hits both.
    const order = i % 2 === 0 ? ['app', 'cli'] : ['cli', 'app'];
    for (const side of order) {
      if (side === 'app') {
        const r = await appBuild('app');
        if (!warmUp) {
          app.push(r.ms);
          firstLine.push(r.firstLineMs);
          appDetails.push({
            ms: r.ms,
            durationMs: r.result.durationMs,
            phases: appPhases(r.marks),
            timeline: formatMarks(r.marks),
          });
        }
        console.log(
          `[app ${warmUp ? 'warm-up' : i}] ${ms(r.ms)}, first executor line at ${ms(r.firstLineMs)}: ${formatMarks(r.marks)}`,
        );
      } else {
        const r = await cliBuild(plan, 'cli');
        if (!warmUp) {
          cliRun.push(r.runMs);
          cliTotal.push(r.runMs + r.loadMs);
        }
        console.log(`[cli ${warmUp ? 'warm-up' : i}] run ${ms(r.runMs)} + load ${ms(r.loadMs)}`);
      }
      await podman(['rmi', '-f', 'localhost/kd-bench/page:app', 'localhost/kd-bench/page:cli']);
    }
  }
  const a = series(app);
  const c = series(cliTotal);
  const cr = series(cliRun);
  const ratio = a.median / c.median;
  const phaseMedians: Record<string, number> = {};
  for (const key of Object.keys(appDetails[0]?.phases ?? {}))
    phaseMedians[key] = series(appDetails.map((d) => d.phases[key] ?? NaN)).median;
  const file = writeResults('build-overhead', {
    runs: RUNS,
    executorImage: DEFAULT_EXECUTOR_IMAGE,
    firstExecutorLine: series(firstLine),
    args: plan.args,
    capAdd: plan.security.capAdd,
    app: a,
    cliRunPlusLoad: c,
    cliRunOnly: series(cliRun),
    cliLoadOnly: series(cliTotal.map((v, i) => v - (cliRun[i] ?? 0))),
    ratioMedian: ratio,
    ratioMean: a.mean / c.mean,
    appPhaseMedians: phaseMedians,
    appDetails,
  });
  console.log(
    `app median ${ms(a.median)} (mean ${ms(a.mean)}); CLI run+load median ${ms(c.median)} (mean ${ms(c.mean)}); ` +
      `CLI run only ${ms(cr.median)}; ratio (median) ${fixed(ratio)}, (mean) ${fixed(a.mean / c.mean)}; target <= 1.03\n` +
      `Build → first executor line: median ${ms(series(firstLine).median)}\n` +
      `app phase medians: ${JSON.stringify(phaseMedians)}\nresults: ${file}`,
  );
  expect(app.length).toBe(RUNS);
});
