import { describe, expect, it } from 'vitest';
import type { CacheSummary, StepTiming } from '../../../electron/shared/contract/build';
import { cacheSummaryText } from '../../../renderer/pages/build/cache-summary-text';
import { formatSize } from '../../../renderer/components/format-size';

const steps = (...cache: StepTiming['cache'][]): StepTiming[] =>
  cache.map((c, i) => ({ stageIndex: 0, text: `RUN ${i}`, cache: c, elapsedMs: 1 }));

function summary(over: Partial<CacheSummary>): CacheSummary {
  return {
    steps: 3,
    stepsFromCache: 2,
    baseImagesFromCache: 0,
    savedMs: null,
    measuredSteps: 0,
    stepTimes: steps('hit', 'hit', 'miss'),
    ...over,
  };
}

describe('the cache summary in words', () => {
  it('says a reused image was not built, and from which build', () => {
    const startedAt = Date.UTC(2026, 11, 2, 9, 30);
    const [text, ...more] = cacheSummaryText(
      summary({ reusedFrom: { buildId: 'b1', startedAt }, savedMs: 41_000, stepTimes: [] }),
    );
    expect(more).toEqual([]);
    expect(text).toContain(new Date(startedAt).toLocaleString());
    expect(text).toContain('Kaniko not run');
    expect(text).toContain('~41 s saved');
  });

  it('counts cached steps and says the time saved is an estimate', () => {
    expect(cacheSummaryText(summary({ savedMs: 41_400, measuredSteps: 2 }))).toEqual([
      '2 of 3 steps from cache, ~41 s saved (estimated from an earlier build)',
    ]);
  });

  it('shows no time at all without an earlier measurement, and says when only some steps were measured', () => {
    expect(cacheSummaryText(summary({}))).toEqual(['2 of 3 steps from cache']);
    expect(cacheSummaryText(summary({ savedMs: 2_500, measuredSteps: 1 }))).toEqual([
      '2 of 3 steps from cache, ~2.5 s saved (estimated from an earlier build, measured for 1 of them)',
    ]);
  });

  it('without the layer cache, no step count (nothing was looked up), but the base image from cache', () => {
    const s = summary({ stepsFromCache: 0, stepTimes: steps(null, null, null), baseImagesFromCache: 1 });
    expect(cacheSummaryText(s)).toEqual(['base image from cache']);
    expect(cacheSummaryText({ ...s, baseImagesFromCache: 0 })).toEqual([]);
    expect(cacheSummaryText({ ...s, baseImagesFromCache: 2 })).toEqual(['2 base images from cache']);
  });

  it('minutes for long savings', () => {
    expect(cacheSummaryText(summary({ savedMs: 185_000, measuredSteps: 2 }))[0]).toContain(
      '~3 min 5 s saved',
    );
  });
});

describe('sizes', () => {
  it('reads like a person would say it', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(12_345)).toBe('12 kB');
    expect(formatSize(5_300_000)).toBe('5.3 MB');
    expect(formatSize(2_000_000_000)).toBe('2.0 GB');
  });
});
