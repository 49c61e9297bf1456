import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KanikoLogParser } from '../../../electron/services/build/logic/kaniko-log-parser';
import {
  MAX_STEP_TIMES,
  reusedCacheSummary,
  sameBuildHistory,
  stepTimings,
  summarizeCache,
} from '../../../electron/services/build/logic/cache-summary';
import type {
  CacheSummary,
  DockerfileStage,
  HistoryEntry,
  StepCache,
  StepTiming,
} from '../../../electron/shared/contract/build';

const step = (
  stageIndex: number,
  text: string,
  cache: StepCache | null,
  elapsedMs: number | null,
): StepTiming => ({
  stageIndex,
  text,
  cache,
  elapsedMs,
});

function entry(buildId: string, stepTimes: StepTiming[], over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    buildId,
    taskId: null,
    destinations: ['localhost/app:1'],
    mode: 'local',
    contextDir: '/ctx',
    dockerfile: 'Dockerfile',
    executorImage: 'e',
    capabilities: [],
    result: 'succeeded',
    digest: null,
    pushed: [],
    loadedImages: [],
    startedAt: 0,
    endedAt: 1,
    durationMs: 1,
    error: null,
    failure: null,
    logLines: 0,
    cache: summarizeCache(stepTimes, 0, []),
    ...over,
  };
}

describe('time saved by the cache (an estimate from earlier builds)', () => {
  it('sums, per cached step, its time in the newest earlier build that ran it, minus its time now', () => {
    const earlier = [
      entry('b2', [step(0, 'COPY a /a', null, 100), step(0, 'RUN make', 'miss', 9_000)]),
      entry('b1', [step(0, 'COPY a /a', null, 300), step(0, 'RUN make', 'miss', 20_000)]),
    ];
    const now = [step(0, 'COPY a /a', 'not-cacheable', 90), step(0, 'RUN make', 'hit', 500)];
    const s = summarizeCache(now, 1, earlier);
    expect(s).toMatchObject({ steps: 2, stepsFromCache: 1, baseImagesFromCache: 1, measuredSteps: 1 });
    expect(s.savedMs).toBe(8_500);
  });

  it('skips earlier builds where the step was cached too, and failed builds', () => {
    const earlier = [
      entry('b3', [step(0, 'RUN make', 'hit', 400)]),
      entry('b2', [step(0, 'RUN make', 'miss', 3_000)], { result: 'failed' }),
      entry('b1', [step(0, 'RUN make', 'miss', 7_000)]),
    ];
    expect(summarizeCache([step(0, 'RUN make', 'hit', 1_000)], 0, earlier).savedMs).toBe(6_000);
  });

  it('says nothing (null) when no earlier build measured any cached step', () => {
    const s = summarizeCache([step(0, 'RUN make', 'hit', 100)], 0, [
      entry('b1', [step(0, 'RUN other', 'miss', 5)]),
    ]);
    expect(s.stepsFromCache).toBe(1);
    expect(s.measuredSteps).toBe(0);
    expect(s.savedMs).toBeNull();
    expect(summarizeCache([step(0, 'RUN make', 'hit', 100)], 0, []).savedMs).toBeNull();
  });

  it('never counts negative savings, and a step without a time now counts as free', () => {
    const earlier = [entry('b1', [step(0, 'RUN a', 'miss', 100), step(0, 'RUN b', 'miss', 200)])];
    const s = summarizeCache([step(0, 'RUN a', 'hit', 500), step(0, 'RUN b', 'hit', null)], 0, earlier);
    expect(s.savedMs).toBe(200);
    expect(s.measuredSteps).toBe(2);
  });

  it('matches steps by stage and by occurrence: the same text in another stage or twice is another step', () => {
    const earlier = [
      entry('b1', [
        step(0, 'RUN x', 'miss', 1_000),
        step(0, 'RUN x', 'miss', 2_000),
        step(1, 'RUN x', 'miss', 4_000),
      ]),
    ];
    const now = [
      step(0, 'RUN x', 'miss', 1_000),
      step(0, 'RUN x', 'hit', 0),
      step(1, 'RUN x', 'miss', 4_000),
    ];
    expect(summarizeCache(now, 0, earlier).savedMs).toBe(2_000);
  });

  it('an earlier build with no cache tracking (cache null) is a measurement like a miss', () => {
    const earlier = [entry('b1', [step(0, 'RUN a', null, 3_000)])];
    expect(summarizeCache([step(0, 'RUN a', 'hit', 0)], 0, earlier).savedMs).toBe(3_000);
  });
});

describe('which earlier builds count', () => {
  it('the same context folder and Dockerfile only, never the build itself, only entries with steps', () => {
    const list = [
      entry('self', [step(0, 'RUN a', 'miss', 1)]),
      entry('other-ctx', [step(0, 'RUN a', 'miss', 1)], { contextDir: '/elsewhere' }),
      entry('other-file', [step(0, 'RUN a', 'miss', 1)], { dockerfile: 'Dockerfile.prod' }),
      entry('old', [], { cache: undefined }),
      entry('match', [step(0, 'RUN a', 'miss', 1)]),
    ];
    const found = sameBuildHistory(list, { buildId: 'self', contextDir: '/ctx', dockerfile: 'Dockerfile' });
    expect(found.map((e) => e.buildId)).toEqual(['match']);
  });
});

describe('step timings from the stage model', () => {
  it('keeps stage, text, cache and time of every step, up to the limit', () => {
    const stage = (index: number, n: number): DockerfileStage => ({
      index,
      name: null,
      base: 'alpine',
      state: 'done',
      stepCount: n,
      elapsedMs: null,
      steps: Array.from({ length: n }, (_, i) => ({
        n: i + 1,
        text: `RUN ${i}`,
        state: 'done' as const,
        cache: 'miss' as const,
        elapsedMs: i,
      })),
    });
    expect(stepTimings([stage(0, 1), stage(1, 2)])).toEqual([
      step(0, 'RUN 0', 'miss', 0),
      step(1, 'RUN 0', 'miss', 0),
      step(1, 'RUN 1', 'miss', 1),
    ]);
    expect(stepTimings([stage(0, MAX_STEP_TIMES + 5)])).toHaveLength(MAX_STEP_TIMES);
  });
});

describe("from the real executor's logs (layer cache: a cold build, then a rebuild that hits)", () => {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kaniko-logs');
  /** Feeds a recorded log with a clock that moves `msPerLine` per line: step times then differ by build. */
  function timings(name: string, msPerLine: number): StepTiming[] {
    let clock = 0;
    const parser = new KanikoLogParser({ now: () => clock });
    for (const line of readFileSync(path.join(dir, `${name}.json.log`), 'utf8')
      .split('\n')
      .filter(Boolean)) {
      clock += msPerLine;
      parser.feed(line, 'stderr');
    }
    parser.model.finish(true);
    return stepTimings(parser.model.snapshot());
  }

  it('counts the hits and estimates the time saved from the cold build of the same Dockerfile', () => {
    const cold = timings('cache-cold', 1_000);
    const rebuild = timings('cache-hit', 10);
    const s = summarizeCache(rebuild, 0, [entry('cold', cold)]);
    expect(s.stepsFromCache).toBe(2);
    expect(s.measuredSteps).toBe(2);
    expect(s.savedMs).toBeGreaterThan(0);
    const coldRuns = cold.filter((x) => x.text.startsWith('RUN')).reduce((n, x) => n + (x.elapsedMs ?? 0), 0);
    const hitRuns = rebuild
      .filter((x) => x.text.startsWith('RUN'))
      .reduce((n, x) => n + (x.elapsedMs ?? 0), 0);
    expect(s.savedMs).toBe(coldRuns - hitRuns);
    // With no earlier build, the same rebuild claims no time at all.
    expect(summarizeCache(rebuild, 0, []).savedMs).toBeNull();
  });
});

/** A CacheSummary with these fields changed. */
const cacheOf = (over: Partial<CacheSummary>): CacheSummary => ({
  steps: 2,
  stepsFromCache: 0,
  baseImagesFromCache: 0,
  savedMs: null,
  measuredSteps: 0,
  stepTimes: [],
  ...over,
});

describe('a build that reused an earlier image', () => {
  it('counts every step as served and saves what the earlier build took', () => {
    const source = entry('b1', [step(0, 'RUN a', 'miss', 4_000)], {
      durationMs: 9_000,
      startedAt: 1_000,
      cache: cacheOf({}),
    });
    expect(reusedCacheSummary(source, 300)).toEqual(
      cacheOf({
        stepsFromCache: 2,
        savedMs: 8_700,
        measuredSteps: 2,
        reusedFrom: { buildId: 'b1', startedAt: 1_000 },
      }),
    );
  });

  it('a reuse of a reuse saves what the first reuse saved', () => {
    const source = entry('b2', [], {
      durationMs: 250,
      cache: cacheOf({ stepsFromCache: 2, savedMs: 8_700, reusedFrom: { buildId: 'b1', startedAt: 1_000 } }),
    });
    expect(reusedCacheSummary(source, 200).savedMs).toBe(8_500);
  });
});
