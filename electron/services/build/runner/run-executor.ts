import type Docker from 'dockerode';
import { LineBatcher } from '../../../core/line-batcher';
import type { StreamName } from '../../engine/stream-demux';
import { runAttached } from './run-attached';

/** After Kaniko printed its failure, how long Podman may take to report the exit code. */
const FAILED_EXIT_REPORT_MS = 2_000;

/**
 * Runs the executor attached: its output goes to `onLines` in whole lines, batched per stream. Resolves
 * its exit code.
 */
export async function runExecutor(
  container: Docker.Container,
  opts: {
    signal: AbortSignal;
    onLines(stream: StreamName, lines: string[]): void;
    /** Kaniko's output already said why the build failed. */
    failureReported(): boolean;
  },
): Promise<number> {
  const batchers: Record<StreamName, LineBatcher> = {
    stdout: new LineBatcher({ flush: (lines) => opts.onLines('stdout', lines) }),
    stderr: new LineBatcher({ flush: (lines) => opts.onLines('stderr', lines) }),
  };
  try {
    return await runAttached(container, {
      signal: opts.signal,
      onOutput: (stream, chunk) => batchers[stream].write(chunk),
      exitReportTimeoutMs: () => {
        // Every line is through the parser now: when Kaniko already said why it stopped, a missing
        // exit report (Podman cannot record it on a full disk) is not worth 15 s of waiting.
        batchers.stdout.end();
        batchers.stderr.end();
        return opts.failureReported() ? FAILED_EXIT_REPORT_MS : undefined;
      },
    });
  } finally {
    batchers.stdout.end();
    batchers.stderr.end();
  }
}
