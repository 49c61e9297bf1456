import type Docker from 'dockerode';
import { engineMessage, engineStatusCode, isNotFound } from './engine-errors';

/** Credentials for the registry the image comes from (`registry` is its host, e.g. docker.io). */
export interface PullAuth {
  registry: string;
  username: string;
  secret: string;
}

export interface PullReporter {
  log(...lines: string[]): void;
  progress(fraction: number | null, step?: string | null): void;
}

export interface PullOptions {
  report: PullReporter;
  /** The progress step shown while pulling, e.g. "Pulling localhost/app:1". */
  step: string;
  auth?: PullAuth | null;
  signal?: AbortSignal;
}

/** Why a pull failed, in AppError terms; callers turn it into their own message and hint. */
export type PullFailureCode = 'AUTH_FAILED' | 'NOT_FOUND' | 'UNAVAILABLE' | 'CANCELLED';

export class ImagePullError extends Error {
  constructor(
    readonly code: PullFailureCode,
    /** The engine's or registry's own words. */
    readonly detail: string,
    opts: { cause?: unknown } = {},
  ) {
    super(detail, opts);
    this.name = 'ImagePullError';
  }
}

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** The image's config when it is already in local storage, else null. */
export async function inspectLocalImage(
  docker: Docker,
  ref: string,
): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * Pulls an image (with credentials when given), reporting progress summed over layers and status
 * lines as log lines. Error lines in the progress stream (`{error}`) fail the pull: dockerode's
 * followProgress does not reject on them, so a failed pull would otherwise look like a success.
 * Every failure is an ImagePullError classified from the status code and the registry's words.
 */
export async function pullImage(docker: Docker, ref: string, opts: PullOptions): Promise<void> {
  const { report, step, auth, signal } = opts;
  const pullOpts: Record<string, unknown> = { abortSignal: signal };
  if (auth)
    pullOpts.authconfig = { username: auth.username, password: auth.secret, serveraddress: auth.registry };
  report.progress(null, step);
  if (signal?.aborted) throw cancelled();

  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker.pull(ref, pullOpts)) as NodeJS.ReadableStream;
  } catch (err) {
    if (signal?.aborted) throw cancelled(err);
    throw classified(engineMessage(err), engineStatusCode(err), err);
  }

  const layers = new Map<string, { current: number; total: number }>();
  let lastLine = '';
  let failure: string | null = null;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        signal?.removeEventListener('abort', onAbort);
        if (err) failure ??= engineMessage(err);
        resolve();
      },
      (ev: PullEvent) => {
        const error = ev.error ?? ev.errorDetail?.message;
        if (error) {
          failure ??= error;
          report.log(`error: ${error}`);
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
          report.progress(tot > 0 ? cur / tot : null, step);
          return;
        }
        const line = [ev.id, ev.status].filter(Boolean).join(': ');
        if (line && line !== lastLine) report.log(line);
        lastLine = line;
      },
    );
  });
  if (signal?.aborted) throw cancelled();
  if (failure !== null) throw classified(failure, undefined);
}

function cancelled(cause?: unknown): ImagePullError {
  return new ImagePullError('CANCELLED', 'The pull was cancelled.', { cause });
}

function classified(detail: string, status: number | undefined, cause?: unknown): ImagePullError {
  const text = detail.toLowerCase();
  if (status === 401 || /unauthori[sz]ed|authentication required|denied/.test(text))
    return new ImagePullError('AUTH_FAILED', detail, { cause });
  if (status === 404 || /manifest unknown|not found|no such/.test(text))
    return new ImagePullError('NOT_FOUND', detail, { cause });
  return new ImagePullError('UNAVAILABLE', detail, { cause });
}
