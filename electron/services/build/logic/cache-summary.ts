import type { CacheSummary, DockerfileStage, HistoryEntry, StepTiming } from '../../../shared/contract/build';

/**
 * Steps kept per History entry, and characters of each step's text (its identity across builds): the
 * index holds up to 500 entries, so a huge Dockerfile keeps only its first steps measured.
 */
export const MAX_STEP_TIMES = 300;
export const MAX_STEP_TEXT = 300;

/** The steps of a build as History keeps them: stage, text, cache status and time. */
export function stepTimings(stages: readonly DockerfileStage[]): StepTiming[] {
  const out: StepTiming[] = [];
  for (const stage of stages) {
    for (const step of stage.steps) {
      if (out.length >= MAX_STEP_TIMES) return out;
      out.push({
        stageIndex: stage.index,
        text: step.text.slice(0, MAX_STEP_TEXT),
        cache: step.cache,
        elapsedMs: step.elapsedMs,
      });
    }
  }
  return out;
}

/** A step's identity across builds: its stage, its text and which occurrence of that text it is. */
function stepKeys(steps: readonly StepTiming[]): string[] {
  const seen = new Map<string, number>();
  return steps.map((s) => {
    const base = `${s.stageIndex}\u0000${s.text}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return `${base}\u0000${k}`;
  });
}

/** Earlier builds of the same Dockerfile and context, newest first (the History order). */
export function sameBuildHistory(
  history: readonly HistoryEntry[],
  current: Pick<HistoryEntry, 'buildId' | 'contextDir' | 'dockerfile'>,
): HistoryEntry[] {
  return history.filter(
    (e) =>
      e.buildId !== current.buildId &&
      e.contextDir === current.contextDir &&
      e.dockerfile === current.dockerfile &&
      (e.cache?.stepTimes.length ?? 0) > 0,
  );
}

/**
 * What the caches did for this build. Time saved is an estimate and says so: for each step served from
 * the cache, its time in the newest earlier build (same Dockerfile and context, from `earlier`, newest
 * first) that really ran it, minus its time now. Steps with no such measurement count for nothing, and
 * with none at all savedMs is null: no number is better than a made-up one.
 */
export function summarizeCache(
  steps: readonly StepTiming[],
  baseImagesFromCache: number,
  earlier: readonly HistoryEntry[],
): CacheSummary {
  const keys = stepKeys(steps);
  const measured = new Map<string, number>();
  for (const entry of earlier) {
    // A failed build's last step stopped early: only whole builds measure.
    if (entry.result !== 'succeeded') continue;
    const past = entry.cache?.stepTimes ?? [];
    const pastKeys = stepKeys(past);
    past.forEach((s, i) => {
      const key = pastKeys[i];
      if (key === undefined || measured.has(key)) return;
      if (s.cache !== 'hit' && typeof s.elapsedMs === 'number') measured.set(key, s.elapsedMs);
    });
  }
  let savedMs = 0;
  let measuredSteps = 0;
  let stepsFromCache = 0;
  steps.forEach((s, i) => {
    if (s.cache !== 'hit') return;
    stepsFromCache += 1;
    const before = measured.get(keys[i] ?? '');
    if (before === undefined) return;
    measuredSteps += 1;
    savedMs += Math.max(0, before - (s.elapsedMs ?? 0));
  });
  return {
    steps: steps.length,
    stepsFromCache,
    baseImagesFromCache,
    savedMs: measuredSteps > 0 ? savedMs : null,
    measuredSteps,
    stepTimes: [...steps],
  };
}

/**
 * A build that got an earlier build's image again (nothing it depends on had changed): every step of
 * that build counts as served, and the time saved is what that build took (or saved, if it was itself
 * a reuse) minus this one.
 */
export function reusedCacheSummary(source: HistoryEntry, durationMs: number): CacheSummary {
  const steps = source.cache?.steps ?? 0;
  const took = source.cache?.reusedFrom ? source.cache.savedMs : source.durationMs;
  return {
    steps,
    stepsFromCache: steps,
    baseImagesFromCache: 0,
    savedMs: took === null || took === undefined ? null : Math.max(0, took - durationMs),
    measuredSteps: steps,
    stepTimes: [],
    reusedFrom: { buildId: source.buildId, startedAt: source.startedAt },
  };
}
