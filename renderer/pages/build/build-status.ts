import type { BuildResult } from '../../../electron/shared/contract/build';
import { formatElapsed } from '../../shell/elapsed';

export type BuildStatusTone = 'idle' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface BuildStatusInput {
  /** The running build's task, when there is one. */
  running: { step: string | null; startedAt: number } | null;
  result: Pick<BuildResult, 'result' | 'durationMs' | 'error'> | null;
  /** The build could not start (validation, engine down). */
  startError: { message: string } | null;
  now: number;
}

export interface BuildStatus {
  tone: BuildStatusTone;
  text: string;
}

/** One line for the action bar: what the build is doing now, or how it ended, with the time it took. */
export function buildStatus({ running, result, startError, now }: BuildStatusInput): BuildStatus {
  if (running) {
    const elapsed = formatElapsed(now - running.startedAt);
    return { tone: 'running', text: `${running.step ?? 'Building'} · ${elapsed}` };
  }
  if (startError) return { tone: 'failed', text: `Not started: ${startError.message}` };
  if (!result) return { tone: 'idle', text: 'Ready to build' };
  // Same precision as the result panel under 1 min ("4.2 s"), so the two never disagree.
  const took =
    result.durationMs < 60_000
      ? `${(result.durationMs / 1000).toFixed(1)} s`
      : formatElapsed(result.durationMs);
  switch (result.result) {
    case 'succeeded':
      return { tone: 'succeeded', text: `Build succeeded in ${took}` };
    case 'cancelled':
      return { tone: 'cancelled', text: `Build cancelled after ${took}` };
    default:
      return {
        tone: 'failed',
        text: `Build failed after ${took}${result.error ? `: ${result.error.message}` : ''}`,
      };
  }
}
