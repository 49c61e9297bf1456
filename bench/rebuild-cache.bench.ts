// Rebuilds with the layer cache: the app's local-only build with Cache on (the REAL Kaniko executor, the
// app's cache registry on loopback running the cacheRegistryImage setting) on a context whose two RUN
// steps write ~50 MB, then a COPY of one small file. Per round: a cold build (empty cache: a repository name
// of its own, the registry already running), a rebuild with no change (the app reuses the image), a rebuild
// after touching the COPYed file (same bytes, new time: Kaniko runs and its cache serves both RUN steps), a
// rebuild after changing it, and build.sh's way with no cache (`podman run --rm` + bind mounts + `podman load`) as the baseline.
// Run: npm run bench:rebuild (BENCH_RUNS=3 rounds by default, after one warm-up round that is discarded).
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuildPlan, BuildStep, DockerfileStage } from '../electron/shared/contract/build';
import type { BuildRequestInput } from '../electron/shared/contract/build-request';
import {
  saveRegistryLogin,
  startBuildApp,
  taskLog,
  type BuildTestApp,
} from '../test/integration/build/build-app';
import { CACHE_REGISTRY_IMAGE } from '../test/support/cache-registry-image';
import { podman } from '../test/support/podman-cli';
import { testEnv } from '../test/support/test-env';
import { cliKanikoBuild, writeRegistryLoginConfig } from './support/cli-build';
import { formatMarks, recordEnginePhases } from './support/engine-phases';
import { writeResults } from './support/results';
import { fixed, ms, series } from './support/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_RATIO = 0.3;
const env = testEnv();
const workDir = path.join(env.stateDir, 'bench-rebuild');
const contextDir = path.join(workDir, 'context');
const configFile = path.join(workDir, 'config.json');
const MIB_PER_STEP = 25;
let t: BuildTestApp;
const phases = recordEnginePhases();

beforeAll(async () => {
  mkdirSync(contextDir, { recursive: true, mode: 0o755 });
  writeFileSync(
    path.join(contextDir, 'Dockerfile'),
    [
      `FROM ${env.registryBaseImage}`,
      `RUN head -c ${MIB_PER_STEP * 1024 * 1024} /dev/urandom > /a`,
      `RUN head -c ${MIB_PER_STEP * 1024 * 1024} /dev/urandom > /b`,
      'COPY app.txt /app/app.txt',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(contextDir, 'app.txt'), 'version 0\n');
  t = await startBuildApp();
  await saveRegistryLogin(t);
  await t.ok('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
  writeRegistryLoginConfig(configFile);
});
afterAll(async () => {
  phases.restore();
  await t?.close();
});

function request(repository: string, cache: boolean): BuildRequestInput {
  return {
    contextDir,
    registry: 'localhost',
    repository,
    tags: ['bench'],
    mode: 'local',
    cache,
    baseImageLogin: true,
  };
}

/** One app build, Build → build.finished, with the cache result of each step. */
async function appBuild(
  req: BuildRequestInput,
): Promise<{ ms: number; steps: BuildStep[]; timeline: string; reused: boolean }> {
  phases.reset();
  const t0 = performance.now();
  const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', req);
  const result = await t.finished(buildId, 10 * 60_000);
  const elapsed = performance.now() - t0;
  if (result.result !== 'succeeded') throw new Error((await taskLog(t, taskId)).slice(-20).join('\n'));
  const entry = await t.ok<{ dockerfileStages: DockerfileStage[] }>('history.get', { buildId });
  const steps = entry.dockerfileStages.flatMap((s) => s.steps);
  return {
    ms: elapsed,
    steps,
    timeline: formatMarks(phases.marks),
    reused: !!result.cache?.reusedFrom,
  };
}

/** The cache result of the RUN steps (COPY is not cached without --cache-copy-layers). */
const runCache = (steps: BuildStep[]) => steps.filter((s) => s.text.startsWith('RUN')).map((s) => s.cache);

it(`rebuilds with the layer cache vs a cold build and build.sh's way, ${RUNS} rounds after a warm-up`, async () => {
  const cold: number[] = [];
  const unchanged: number[] = [];
  const touched: number[] = [];
  const changedCopy: number[] = [];
  const cli: number[] = [];
  const rounds: Record<string, string | number>[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const warmUp = i === 0;
    // A repository of its own per round: an empty cache, while the cache registry keeps running.
    const repository = `kd-bench/rebuild-${i}`;
    writeFileSync(path.join(contextDir, 'app.txt'), `version ${i}\n`);
    const c = await appBuild(request(repository, true));
    // Nothing changed: the app reuses the image it built (Kaniko does not run).
    const u = await appBuild(request(repository, true));
    // The same bytes with a new time: the app builds (COPY writes times into the layer), Kaniko's cache hits.
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(contextDir, 'app.txt'), later, later);
    const h = await appBuild(request(repository, true));
    writeFileSync(path.join(contextDir, 'app.txt'), `version ${i}, changed\n`);
    const k = await appBuild(request(repository, true));
    expect(runCache(c.steps)).toEqual(['miss', 'miss']);
    expect([u.reused, h.reused, k.reused]).toEqual([true, false, false]);
    expect(runCache(h.steps)).toEqual(['hit', 'hit']);
    expect(runCache(k.steps)).toEqual(['hit', 'hit']);

    const plan = await t.ok<BuildPlan>('build.plan', request('kd-bench/rebuild-cli', false));
    const b = await cliKanikoBuild({
      plan,
      contextDir,
      configFile,
      outDir: path.join(workDir, 'out-cli'),
      image: 'kd-bench/rebuild-cli:bench',
    });
    await podman(['rmi', '-f', `localhost/${repository}:bench`, 'localhost/kd-bench/rebuild-cli:bench']);
    console.log(
      `[round ${warmUp ? 'warm-up' : i}] cold ${ms(c.ms)}, unchanged ${ms(u.ms)}, touched ${ms(h.ms)}, COPY changed ${ms(k.ms)}, ` +
        `build.sh's way (no cache) ${ms(b.runMs + b.loadMs)} (run ${ms(b.runMs)} + load ${ms(b.loadMs)})`,
    );
    console.log(
      `  cold: ${c.timeline}\n  unchanged: ${u.timeline}\n  touched: ${h.timeline}\n  COPY changed: ${k.timeline}`,
    );
    if (warmUp) continue;
    cold.push(c.ms);
    unchanged.push(u.ms);
    touched.push(h.ms);
    changedCopy.push(k.ms);
    cli.push(b.runMs + b.loadMs);
    rounds.push({
      round: i,
      cold: c.ms,
      unchanged: u.ms,
      touched: h.ms,
      changedCopy: k.ms,
      cli: b.runMs + b.loadMs,
      coldTimeline: c.timeline,
      unchangedTimeline: u.timeline,
    });
  }
  const s = {
    cold: series(cold),
    unchanged: series(unchanged),
    touched: series(touched),
    changedCopy: series(changedCopy),
    cli: series(cli),
  };
  const ratio = s.unchanged.median / s.cold.median;
  const file = writeResults('rebuild-cache', {
    runs: RUNS,
    megabytesWrittenByRun: 2 * MIB_PER_STEP,
    cacheRegistryImage: CACHE_REGISTRY_IMAGE,
    ...s,
    unchangedOverCold: ratio,
    touchedOverCold: s.touched.median / s.cold.median,
    changedCopyOverCold: s.changedCopy.median / s.cold.median,
    unchangedOverCli: s.unchanged.median / s.cli.median,
    rounds,
  });
  console.log(
    `medians: cold ${ms(s.cold.median)}, unchanged ${ms(s.unchanged.median)}, touched ${ms(s.touched.median)}, COPY changed ${ms(s.changedCopy.median)}, ` +
      `build.sh's way ${ms(s.cli.median)}; unchanged / cold ${fixed(ratio, 2)} (target <= ${TARGET_RATIO}), ` +
      `COPY changed / cold ${fixed(s.changedCopy.median / s.cold.median, 2)}, unchanged / build.sh ${fixed(s.unchanged.median / s.cli.median, 2)}\nresults: ${file}`,
  );
  expect(cold.length).toBe(RUNS);
});
