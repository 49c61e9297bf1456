import type { CaseRun } from './gauntlet-case';

/** A run passes when nothing went wrong; its detail is the problems, or what happened when none. */
export function caseRun(
  problems: string[],
  leftBehind: string[],
  timeToErrorMs: number | null,
  whatHappened: string,
): CaseRun {
  return {
    passed: problems.length === 0,
    leftBehind,
    timeToErrorMs,
    detail: problems.length ? problems.join('; ') : whatHappened,
  };
}
