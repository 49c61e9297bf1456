import type { Handlers } from '../../core/dispatcher';
import { stagesFromStoredLog } from '../../services/build/logic/kaniko-log-parser';
import type { BuildService } from '../../services/build/runner/build-service';

export function buildHandlers(
  builds: BuildService,
): Pick<
  Handlers,
  'build.plan' | 'build.start' | 'build.cancel' | 'history.list' | 'history.get' | 'history.delete'
> {
  return {
    'build.plan': async (req) => builds.plan(req),
    'build.start': async (req) => {
      const { taskId, buildId } = builds.start(req);
      return { taskId, buildId };
    },
    'build.cancel': async ({ buildId }) => ({ cancelled: builds.cancel(buildId) }),
    'history.list': async () => builds.history.list(),
    'history.get': async ({ buildId }) => {
      const log = await builds.history.readLog(buildId);
      return { ...builds.history.get(buildId), log, dockerfileStages: stagesFromStoredLog(log) };
    },
    'history.delete': async ({ buildId }) => ({ deleted: builds.history.delete(buildId) }),
  };
}
