import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { createDemuxer, type StreamName } from '../../engine/stream-demux';
import { isConnectionLoss } from './engine-loss';

/** After the output ends, how long the engine may take to report the exit code. */
const EXIT_REPORT_TIMEOUT_MS = 15_000;
/** How often the engine's view of the container is polled for the exit code once the output ended. */
const EXIT_POLL_MS = 20;

export interface RunAttachedOptions {
  onOutput: (stream: StreamName, chunk: Buffer) => void;
  signal: AbortSignal;
  /**
   * Asked when the output has ended: how long the engine may take to report the exit code (default
   * 15 s). A caller that already knows from the output how the run ended can wait less.
   */
  exitReportTimeoutMs?: () => number | undefined;
}

/** The output ended, but the engine never said how the container exited (e.g. its storage is full). */
export class ExitNotReportedError extends AppError {
  constructor(ms: number) {
    super('ENGINE_UNAVAILABLE', `Podman did not report the executor's exit within ${ms / 1000} s.`);
  }
}

/**
 * Runs a created container and streams its output. Order matters on Podman 4.3: attach BEFORE start
 * (following logs after start loses lines), and register wait({condition:'next-exit'}) before start
 * (a wait on a never-started container returns -1 at once). The attach stream ends when the container
 * exits — or when the engine goes away, which then surfaces as ENGINE_UNAVAILABLE instead of a hang.
 */
export async function runAttached(container: Docker.Container, opts: RunAttachedOptions): Promise<number> {
  const stream = (await container.attach({
    stream: true,
    stdout: true,
    stderr: true,
  })) as unknown as Readable;
  const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
  waited.catch(() => undefined); // examined below; an early rejection must not go unhandled

  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  stream.pipe(createDemuxer(opts.onOutput));
  const onAbort = () => stream.destroy();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Cancelled while the container was being prepared: an abort listener added now would never fire.
    if (opts.signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    await container.start();
    await ended.catch(() => undefined);
    if (opts.signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    const timeoutMs = opts.exitReportTimeoutMs?.() ?? EXIT_REPORT_TIMEOUT_MS;
    return await exitCodeAfterOutput(container, waited, timeoutMs);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (opts.signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    throw new AppError('ENGINE_UNAVAILABLE', 'The connection to Podman was lost during the build.', {
      hint: 'Check that Podman is running (the status bar shows the engine), then build again.',
      cause: err,
    });
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

/**
 * Podman's compat wait reports an exit up to ~250 ms after it happened (it polls). Right after the output
 * ended, inspect usually already knows the exit code (~5 ms a call), sometimes only a few ms later: poll
 * it briefly, and let whichever answers first (inspect or the wait registered before start) decide.
 */
async function exitCodeAfterOutput(
  container: Docker.Container,
  waited: Promise<{ StatusCode: number }>,
  timeoutMs: number,
): Promise<number> {
  let settled = false;
  const inspected = (async (): Promise<number> => {
    while (!settled) {
      // A refused or reset connection means the engine is gone: no exit code will come.
      const state = (
        await container.inspect().catch((err: unknown) => {
          if (isConnectionLoss(err)) throw err;
          return null;
        })
      )?.State;
      if (state && !state.Running && (state.Status === 'exited' || state.Status === 'stopped'))
        return state.ExitCode;
      await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
    }
    return new Promise<number>(() => undefined); // the wait answered first
  })();
  inspected.catch(() => undefined); // a loss after the wait answered must not go unhandled
  try {
    return await Promise.race([inspected, withTimeout(waited, timeoutMs).then((exit) => exit.StatusCode)]);
  } finally {
    settled = true;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ExitNotReportedError(ms)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
