import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { ImagePullError, pullImage } from '../engine/image-pull';
import type { NormalizedRef } from '../build/logic/image-ref';

export { inspectLocalImage } from '../engine/image-pull';

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

/** Pulls an image to preview with the registry's stored credentials; failures say what to do. */
export async function pullPreviewImage(
  docker: Docker,
  image: NormalizedRef,
  getAuth: GetAuth,
  report: PullReporter,
): Promise<void> {
  const auth = await getAuth(image.registry);
  report.log(`Pulling ${image.full}${auth ? ` as ${auth.username}` : ''}…`);
  try {
    await pullImage(docker, image.full, {
      report,
      step: `Pulling ${image.full}`,
      auth: auth && { registry: image.registry, ...auth },
      signal: report.signal,
    });
  } catch (err) {
    if (err instanceof ImagePullError) throw previewPullError(image, err, auth !== null);
    throw err;
  }
}

function previewPullError(image: NormalizedRef, err: ImagePullError, hadAuth: boolean): AppError {
  const { detail } = err;
  switch (err.code) {
    case 'CANCELLED':
      return new AppError('CANCELLED', `Pulling ${image.full} was cancelled.`);
    case 'AUTH_FAILED':
      return new AppError(
        'AUTH_FAILED',
        `${image.registry} refused to let us pull ${image.full}: ${detail}`,
        {
          hint: hadAuth
            ? `Check the saved credentials for ${image.registry} on the Registries page.`
            : `Sign in to ${image.registry} on the Registries page, then run it again.`,
        },
      );
    case 'NOT_FOUND':
      return new AppError(
        'NOT_FOUND',
        `${image.full} was not found locally nor on ${image.registry}: ${detail}`,
        {
          hint: 'Check the image name and tag, or build the image first.',
        },
      );
    case 'UNAVAILABLE':
      return new AppError('UNAVAILABLE', `Could not pull ${image.full}: ${detail}`, {
        hint: `Check that ${image.registry} can be reached from Podman.`,
      });
  }
}
