import type { Handlers } from '../../core/dispatcher';
import { stagesFromStoredLog } from '../../services/build/logic/kaniko-log-parser';
import type { ExecutorImageService } from '../../services/build/executor-image-service';
import type { BuildService } from '../../services/build/runner/build-service';
import type { EngineAccess } from '../../services/engine/engine-access';
import { AppError } from '../../shared/errors';
import type { Approvals } from '../confirm';

export interface BuildGuards {
  engine: Pick<EngineAccess, 'status'>;
  approvals: Approvals;
}

export function buildHandlers(
  builds: BuildService,
  guards: BuildGuards,
  executor: ExecutorImageService,
): Pick<
  Handlers,
  | 'build.plan'
  | 'build.start'
  | 'build.cancel'
  | 'build.executorImage'
  | 'build.executorPull'
  | 'build.executorLoad'
  | 'build.compare'
  | 'build.baseCache'
  | 'build.baseCacheClear'
  | 'history.list'
  | 'history.get'
  | 'history.delete'
> {
  return {
    'build.executorImage': () => executor.status(),
    'build.executorPull': async () => executor.pull(),
    'build.executorLoad': ({ path }) => executor.load(path),
    'build.plan': async (req) => builds.plan(req),
    'build.start': async (req) => {
      await approveRootfulEngine(guards);
      const { taskId, buildId } = builds.start(req);
      return { taskId, buildId };
    },
    'build.cancel': async ({ buildId }) => ({ cancelled: builds.cancel(buildId) }),
    'build.compare': async ({ buildId }) => {
      await approveRootfulEngine(guards);
      return { taskId: builds.checks.start(buildId).taskId };
    },
    'build.baseCache': () => baseCache(builds).status(),
    'build.baseCacheClear': () => baseCache(builds).clear(),
    'history.list': async () => builds.history.list(),
    'history.get': async ({ buildId }) => {
      const log = await builds.history.readLog(buildId);
      return { ...builds.history.get(buildId), log, dockerfileStages: stagesFromStoredLog(log) };
    },
    'history.delete': async ({ buildId }) => ({ deleted: builds.history.delete(buildId) }),
  };
}

function baseCache(builds: BuildService) {
  const cache = builds.baseCache;
  if (!cache) throw new AppError('UNAVAILABLE', 'This app has no base-image cache.');
  return cache;
}

/** A rootful engine runs the build as root on the host's kernel: the user decides, once per engine. */
async function approveRootfulEngine({ engine, approvals }: BuildGuards): Promise<void> {
  const status = engine.status();
  if (status.rootless !== false) return;
  const where = status.socketPath ?? 'the current engine';
  await approvals.require(
    {
      title: 'Build on a rootful engine?',
      message:
        'This Podman runs as root. The build container gets a user namespace of its own, but a flaw in the engine or the kernel would give a Dockerfile root on the host. Rootless Podman avoids that.',
      detail: where,
      confirmLabel: 'Build as root',
    },
    `rootful:${where}`,
  );
}
