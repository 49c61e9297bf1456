import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { inspectLocalImage, pullImage, type PullReporter } from '../engine/image-pull';

export { DEFAULT_EXECUTOR_IMAGE } from '../settings/defaults';

const UNAVAILABLE_HINT = 'Set another executor image in Settings, or load it with podman load.';

/**
 * Makes sure the executor image is in the engine's storage: present → nothing to do; missing → pulled
 * with progress. Any failure to pull becomes one clear UNAVAILABLE error (no registry reachable, no
 * such tag, rate limit...), whatever the pull classified it as.
 */
export async function ensureExecutorImage(
  docker: Docker,
  image: string,
  report: PullReporter,
  signal?: AbortSignal,
): Promise<'present' | 'pulled'> {
  if (await inspectLocalImage(docker, image)) return 'present';
  report.log(`Executor image ${image} is not in Podman's storage; pulling it.`);
  try {
    await pullImage(docker, image, { report, step: `Pulling executor image ${image}`, signal });
    await docker.getImage(image).inspect();
    return 'pulled';
  } catch (err) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'UNAVAILABLE',
      `The executor image ${image} is not available and could not be pulled: ${why}`,
      { hint: UNAVAILABLE_HINT, cause: err },
    );
  }
}
