import type Docker from 'dockerode';
import { LineBatcher } from '../../../core/line-batcher';
import type { BaseImageCachePlan } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';
import { isNotFound } from '../../engine/engine-errors';
import { parseKanikoLine } from '../logic/kaniko-line';
import { alreadyPrepared, emptyCachedManifests } from './base-cache-manifests';
import { putFolders } from './container-files';
import { executorContainerSpec } from './container-spec';
import { runAttached } from './run-attached';

export interface WarmInput {
  docker: Docker;
  cache: BaseImageCachePlan;
  /** Creates the volume when missing (and refuses a foreign one of that name). */
  ensureVolume: (docker: Docker) => Promise<void>;
  executorImage: string;
  buildId: string;
  installId: string;
  networkMode: string | null;
  rootfulEngine: boolean;
  /** The same base-image logins the executor gets (null: none). */
  configJson: Buffer | null;
  signal: AbortSignal;
  line: (...text: string[]) => void;
  /**
   * The digest each image is stored under (its platform's image, as the registry names it), or null when
   * the registry could not say: the executor then does not get the cache.
   */
  storedAs: string[] | null;
}

/**
 * Runs Kaniko's warmer in a container like the executor's (no-new-privileges, every capability
 * dropped and none added: it only downloads and writes files it owns; same network, registry map and
 * logins), with the cache volume mounted read-write. It stores each base image not yet cached; when all
 * are there and ready, the container is removed without starting. Returns whether the executor may use
 * the cache: a warmer that fails costs nothing but time, the executor then pulls the base itself.
 */
export async function warmBaseImages(input: WarmInput): Promise<{ usable: boolean }> {
  const { docker, cache, signal } = input;
  await input.ensureVolume(docker);
  const container = await docker.createContainer(
    executorContainerSpec({
      image: input.executorImage,
      args: cache.warmerArgs,
      capAdd: [],
      buildId: input.buildId,
      installId: input.installId,
      networkMode: input.networkMode,
      rootfulEngine: input.rootfulEngine,
      volumes: [{ name: cache.volume, path: cache.path, readOnly: false }],
      entrypoint: { path: '/kaniko/warmer', namePrefix: 'kaniko-desktop-warm' },
    }),
  );
  const remove = () =>
    container.remove({ force: true, v: true }).catch((err: unknown) => {
      if (!isNotFound(err)) input.line(`Could not remove the warmer container: ${String(err)}`);
    });
  const onAbort = () => void container.kill().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const batcher = new LineBatcher({
    flush: (lines) => input.line(...lines.map((l) => `[warmer] ${parseKanikoLine(l).display}`)),
  });
  try {
    if (signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
    if (input.storedAs && (await alreadyPrepared(container, input.storedAs))) {
      input.line(
        `Base-image cache: ${cache.images.join(', ')} already in ${cache.volume}; the warmer is not needed.`,
      );
      return { usable: true };
    }
    input.line(`Base-image cache: the warmer checks ${cache.images.join(', ')} in ${cache.volume}`);
    await putFolders(container, input.configJson);
    const exit = await runAttached(container, { signal, onOutput: (_s, chunk) => batcher.write(chunk) });
    batcher.end();
    if (exit !== 0) {
      input.line(
        `Base-image cache: the warmer exited with code ${exit}; the executor pulls the base image itself.`,
      );
      return { usable: false };
    }
    const usable = input.storedAs !== null && (await emptyCachedManifests(container, input.storedAs));
    if (!usable) {
      input.line(
        'Base-image cache: the cached image could not be matched to the registry’s; the executor pulls the base image itself.',
      );
    }
    return { usable };
  } finally {
    batcher.end();
    signal.removeEventListener('abort', onAbort);
    await remove();
  }
}
