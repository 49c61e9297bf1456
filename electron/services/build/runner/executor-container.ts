import type Docker from 'dockerode';
import type { TaskHandle } from '../../../core/task-manager';
import { ensureExecutorImage } from '../executor-image';
import type { PlannedBuild } from './build-plan';
import { executorContainerSpec, explainUsernsShortage } from './container-spec';
import type { ExecutionDeps } from './execution-deps';
import { resolvePlatformDigest } from './base-digests';
import { warmBaseImages } from './warm-base-images';

export interface ExecutorContainerSetup {
  buildId: string;
  deps: Pick<ExecutionDeps, 'engine' | 'installId' | 'baseCache' | 'credentials'>;
  task: Pick<TaskHandle, 'signal' | 'log' | 'progress'>;
  /** Push mode: the logins the base-image warmer needs as well. */
  configJson: Buffer | null;
  line(...text: string[]): void;
  /** Throws when the build was cancelled meanwhile. */
  checkCancelled(): void;
}

/** The executor image, the base-image cache filled (when on), then the build container. */
export async function createExecutorContainer(
  docker: Docker,
  planned: PlannedBuild,
  setup: ExecutorContainerSetup,
): Promise<Docker.Container> {
  const { plan } = planned;
  const { buildId, deps, task, configJson } = setup;
  const signal = task.signal;
  await ensureExecutorImage(docker, plan.executorImage, task, signal);
  setup.checkCancelled();
  const baseCache = deps.baseCache;
  let cache = baseCache ? plan.baseImageCache : null;
  if (cache && baseCache) {
    task.progress(null, 'Filling the base-image cache');
    const storedAs = await storedDigests(docker, cache.images, setup);
    const warmed = await warmBaseImages({
      storedAs,
      ...{ docker, cache, executorImage: plan.executorImage, buildId, signal },
      ensureVolume: (d) => baseCache.ensure(d),
      installId: deps.installId,
      networkMode: planned.network.networkMode,
      rootfulEngine: deps.engine.status().rootless === false,
      configJson,
      line: (...text) => setup.line(...text),
    });
    setup.checkCancelled();
    if (!warmed.usable) cache = null;
  }
  task.progress(null, 'Creating the build container');
  const spec = executorContainerSpec({
    image: plan.executorImage,
    args: plan.args,
    capAdd: plan.security.capAdd,
    buildId,
    networkMode: planned.network.networkMode,
    installId: deps.installId,
    rootfulEngine: deps.engine.status().rootless === false,
    volumes: cache ? [{ name: cache.volume, path: cache.path, readOnly: true }] : [],
  });
  return docker.createContainer(spec).catch((err: unknown) => {
    throw explainUsernsShortage(err);
  });
}

/** The digests the warmer stores the images under (the engine's platform), or null with the reason logged. */
async function storedDigests(
  docker: Docker,
  images: readonly string[],
  setup: ExecutorContainerSetup,
): Promise<string[] | null> {
  try {
    // The monitor read the platform when it connected (Podman's /version costs ~0.6 s).
    let { os, arch } = setup.deps.engine.status();
    if (!os || !arch) ({ Os: os, Arch: arch } = (await docker.version()) as { Os?: string; Arch?: string });
    const platform = { os: os ?? 'linux', architecture: arch ?? 'amd64' };
    const opts = {
      authFor: (r: string) => setup.deps.credentials.authFor(r),
      signal: setup.task.signal,
    };
    return await Promise.all(images.map((i) => resolvePlatformDigest(i, platform, opts)));
  } catch (err) {
    setup.checkCancelled();
    setup.line(`Base-image cache: could not ask the registry for the image (${String(err).slice(0, 200)}).`);
    return null;
  }
}
