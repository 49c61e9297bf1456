import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';

export { DEFAULT_EXECUTOR_IMAGE } from '../settings/defaults';

export interface PullReporter {
  log(...lines: string[]): void;
  progress(fraction: number | null, step?: string | null): void;
}

const UNAVAILABLE_HINT = 'Set another executor image in Settings, or load it with podman load.';

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Makes sure the executor image is in the engine's storage: present → nothing to do; missing → pulled
 * with progress. Any failure to pull becomes one clear UNAVAILABLE error (no registry reachable, no
 * such tag, rate limit...). Pull errors arrive as JSON lines, not stream errors, so each is checked.
 */
export async function ensureExecutorImage(
  docker: Docker,
  image: string,
  report: PullReporter,
  signal?: AbortSignal,
): Promise<'present' | 'pulled'> {
  try {
    await docker.getImage(image).inspect();
    return 'present';
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  report.progress(null, `Pulling executor image ${image}`);
  report.log(`Executor image ${image} is not in Podman's storage; pulling it.`);
  try {
    const stream = (await docker.pull(image, { abortSignal: signal })) as NodeJS.ReadableStream;
    const layers = new Map<string, { current: number; total: number }>();
    let lastStatus = '';
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (ev: PullEvent) => {
          if (ev.error || ev.errorDetail?.message) {
            reject(new Error(ev.errorDetail?.message ?? ev.error));
            return;
          }
          if (ev.id && ev.progressDetail?.total) {
            layers.set(ev.id, { current: ev.progressDetail.current ?? 0, total: ev.progressDetail.total });
            let cur = 0;
            let tot = 0;
            for (const l of layers.values()) {
              cur += l.current;
              tot += l.total;
            }
            report.progress(tot > 0 ? cur / tot : null, `Pulling executor image ${image}`);
          }
          const status = [ev.id, ev.status].filter(Boolean).join(': ');
          if (status && status !== lastStatus && !ev.progressDetail?.total) report.log(status);
          lastStatus = status;
        },
      );
    });
    await docker.getImage(image).inspect();
    return 'pulled';
  } catch (err) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'UNAVAILABLE',
      `The executor image ${image} is not available and could not be pulled: ${why}`,
      {
        hint: UNAVAILABLE_HINT,
        cause: err,
      },
    );
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === 404;
}
