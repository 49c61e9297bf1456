import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { inspectLocalImage, pullImage, type PullReporter } from '../engine/image-pull';

export { DEFAULT_EXECUTOR_IMAGE } from '../settings/defaults';

/** What an image is for, in the words its messages use ("Executor image", "the executor image"). */
export interface ImageRole {
  title: string;
  name: string;
  hint: string;
  /** The CANCELLED message when the signal aborts the pull. */
  cancelled: string;
}

const EXECUTOR_ROLE: ImageRole = {
  title: 'Executor image',
  name: 'executor image',
  hint: 'Set another executor image in Settings, or load it with podman load.',
  cancelled: 'The build was cancelled.',
};

/**
 * Makes sure an image the app runs is in the engine's storage: present → nothing to do; missing → pulled
 * with progress. Any failure to pull becomes one clear UNAVAILABLE error (no registry reachable, no
 * such tag, rate limit...), whatever the pull classified it as.
 */
export async function ensureImage(
  docker: Docker,
  image: string,
  role: ImageRole,
  report: PullReporter,
  signal?: AbortSignal,
): Promise<'present' | 'pulled'> {
  if (await inspectLocalImage(docker, image)) return 'present';
  report.log(`${role.title} ${image} is not in Podman's storage; pulling it.`);
  try {
    await pullImage(docker, image, { report, step: `Pulling ${role.name} ${image}`, signal });
    await docker.getImage(image).inspect();
    return 'pulled';
  } catch (err) {
    if (signal?.aborted) throw new AppError('CANCELLED', role.cancelled);
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'UNAVAILABLE',
      `The ${role.name} ${image} is not available and could not be pulled: ${why}`,
      {
        hint: role.hint,
        cause: err,
      },
    );
  }
}

/** ensureImage for the Kaniko executor. */
export function ensureExecutorImage(
  docker: Docker,
  image: string,
  report: PullReporter,
  signal?: AbortSignal,
): Promise<'present' | 'pulled'> {
  return ensureImage(docker, image, EXECUTOR_ROLE, report, signal);
}
