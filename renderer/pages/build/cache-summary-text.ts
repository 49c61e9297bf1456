import type { CacheSummary } from '../../../electron/shared/contract/build';

/**
 * A build's cache summary in words: "2 of 5 steps from cache, ~41 s saved (estimated)", and whether the
 * base image came from the base-image cache. The time only appears when an earlier build measured it;
 * the step count only when the layer cache looked the steps up.
 */
export function cacheSummaryText(cache: CacheSummary): string[] {
  const parts: string[] = [];
  if (cache.reusedFrom) {
    const when = new Date(cache.reusedFrom.startedAt).toLocaleString();
    const saved = cache.savedMs !== null ? `, ~${formatSeconds(cache.savedMs)} saved` : '';
    parts.push(`nothing changed since the build of ${when}: its image reused, Kaniko not run${saved}`);
    return parts;
  }
  // Without the layer cache no step was looked up: "0 of N from cache" would say nothing true.
  const looked = cache.stepTimes.some((s) => s.cache !== null) || cache.stepsFromCache > 0;
  if (cache.steps > 0 && looked) {
    let steps = `${cache.stepsFromCache} of ${cache.steps} step${cache.steps === 1 ? '' : 's'} from cache`;
    if (cache.savedMs !== null && cache.stepsFromCache > 0) {
      const partly =
        cache.measuredSteps < cache.stepsFromCache ? `, measured for ${cache.measuredSteps} of them` : '';
      steps += `, ~${formatSeconds(cache.savedMs)} saved (estimated from an earlier build${partly})`;
    }
    parts.push(steps);
  }
  if (cache.baseImagesFromCache > 0) {
    parts.push(
      cache.baseImagesFromCache === 1
        ? 'base image from cache'
        : `${cache.baseImagesFromCache} base images from cache`,
    );
  }
  return parts;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
