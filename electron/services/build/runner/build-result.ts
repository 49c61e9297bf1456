import type { BuildPlan, BuildResult } from '../../../shared/contract/build';
import { toErrorPayload } from '../../../shared/errors';

/** A build's result as the page and History get it: what was made (if anything), how long, and why not. */
export function buildResult(
  buildId: string,
  plan: Pick<BuildPlan, 'destinations'>,
  durationMs: number,
  result: BuildResult['result'],
  made: Pick<BuildResult, 'pushed' | 'digest' | 'loadedImages'> | null,
  err: unknown,
  failure: BuildResult['failure'],
): BuildResult {
  return {
    buildId,
    result,
    destinations: plan.destinations,
    pushed: made?.pushed ?? [],
    digest: made?.digest ?? null,
    loadedImages: made?.loadedImages ?? [],
    durationMs,
    error: err === null ? null : toErrorPayload(err),
    failure,
  };
}
