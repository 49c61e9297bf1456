import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { engineMessage, engineStatusCode, isNotFound } from './engine-errors';
import type { QualifiedImage } from './image-name';

export interface RegistryAuth {
  username: string;
  secret: string;
}

/** Looks up stored credentials for a registry host (e.g. docker.io); null when there are none. */
export type GetAuth = (registry: string) => Promise<RegistryAuth | null> | RegistryAuth | null;

export interface PullReporter {
  log(...lines: string[]): void;
  progress(fraction: number | null, step?: string | null): void;
  signal: AbortSignal;
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

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Pulls an image with the registry's stored credentials, reporting per-layer progress. Error lines
 * in the progress stream (`{error}`) fail the pull: dockerode's followProgress does not reject on
 * them, so a failed pull would otherwise look like a success.
 */
export async function pullImage(
  docker: Docker,
  image: QualifiedImage,
  getAuth: GetAuth,
  report: PullReporter,
): Promise<void> {
  const auth = await getAuth(image.registry);
  const opts: Record<string, unknown> = { abortSignal: report.signal };
  if (auth)
    opts.authconfig = { username: auth.username, password: auth.secret, serveraddress: image.registry };
  report.progress(null, `Pulling ${image.ref}`);
  report.log(`Pulling ${image.ref}${auth ? ` as ${auth.username}` : ''}…`);

  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker.pull(image.ref, opts)) as NodeJS.ReadableStream;
  } catch (err) {
    throw pullError(image, engineMessage(err), engineStatusCode(err), auth !== null);
  }

  const layers = new Map<string, { current: number; total: number }>();
  let failure: string | null = null;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(new AppError('CANCELLED', `Pulling ${image.ref} was cancelled.`));
    };
    report.signal.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        report.signal.removeEventListener('abort', onAbort);
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
          report.progress(tot > 0 ? cur / tot : null, `Pulling ${image.ref}`);
        } else if (ev.status) {
          report.log(ev.id ? `${ev.id}: ${ev.status}` : ev.status);
        }
      },
    );
  });
  if (failure !== null) throw pullError(image, failure, undefined, auth !== null);
}

function pullError(
  image: QualifiedImage,
  detail: string,
  status: number | undefined,
  hadAuth: boolean,
): AppError {
  const text = detail.toLowerCase();
  if (status === 401 || /unauthori[sz]ed|authentication required|denied/.test(text)) {
    return new AppError('AUTH_FAILED', `${image.registry} refused to let us pull ${image.ref}: ${detail}`, {
      hint: hadAuth
        ? `Check the saved credentials for ${image.registry} on the Registries page.`
        : `Sign in to ${image.registry} on the Registries page, then run it again.`,
    });
  }
  if (status === 404 || /manifest unknown|not found|no such/.test(text)) {
    return new AppError(
      'NOT_FOUND',
      `${image.ref} was not found locally nor on ${image.registry}: ${detail}`,
      {
        hint: 'Check the image name and tag, or build the image first.',
      },
    );
  }
  return new AppError('UNAVAILABLE', `Could not pull ${image.ref}: ${detail}`, {
    hint: `Check that ${image.registry} can be reached from Podman.`,
  });
}
