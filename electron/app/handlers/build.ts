import type { Handlers } from '../../core/dispatcher';
import type { ExecutorImageService } from '../../services/build/executor-image-service';
import type { BuildService } from '../../services/build/runner/build-service';

export function buildHandlers(
  builds: BuildService,
  executor: ExecutorImageService,
): Pick<
  Handlers,
  | 'build.plan'
  | 'build.start'
  | 'build.cancel'
  | 'build.executorImage'
  | 'build.executorPull'
  | 'build.executorLoad'
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
      const { taskId, buildId } = builds.start(req);
      return { taskId, buildId };
    },
    'build.cancel': async ({ buildId }) => ({ cancelled: builds.cancel(buildId) }),
    'history.list': async () => builds.history.list(),
    'history.get': async ({ buildId }) => ({
      ...builds.history.get(buildId),
      log: await builds.history.readLog(buildId),
    }),
    'history.delete': async ({ buildId }) => ({ deleted: builds.history.delete(buildId) }),
  };
}
