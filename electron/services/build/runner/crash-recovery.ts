import type Docker from 'dockerode';
import type { HistoryStore } from '../history/history-store';
import { BUILD_KIND, LABEL_BUILD_ID, LABEL_INSTALL, LABEL_KIND, LABEL_OWNED } from './container-spec';

export interface RecoveryInput {
  docker: Docker;
  history: HistoryStore;
  /** Builds of this process are not leftovers. */
  isLive: (buildId: string) => boolean;
  /** Only containers carrying this install's value are ours. */
  installId: string;
  now: () => number;
}

/**
 * At start-up: build containers of ours that no running build owns were left by a crash or a kill.
 * They are removed, and their builds (and any history entry still 'running') become 'interrupted'.
 */
export async function recoverInterruptedBuilds(
  input: RecoveryInput,
): Promise<{ removed: string[]; interrupted: string[] }> {
  const { docker, history, isLive, now, installId } = input;
  const list = await docker.listContainers({
    all: true,
    filters: {
      label: [`${LABEL_OWNED}=1`, `${LABEL_KIND}=${BUILD_KIND}`, `${LABEL_INSTALL}=${installId}`],
    },
  });
  // History first: a slow removal (a container still locked by an upload the crash cut off) must not
  // keep builds that no process runs any more shown as running.
  const interrupted = history.markUnfinishedInterrupted(isLive);
  const removed: string[] = [];
  for (const c of list) {
    const buildId = c.Labels?.[LABEL_BUILD_ID] ?? '';
    if (buildId && isLive(buildId)) continue;
    const container = docker.getContainer(c.Id);
    await container.kill().catch(() => undefined);
    await container.remove({ force: true, v: true }).catch(() => undefined);
    removed.push(c.Id);
    if (buildId && !history.find(buildId) && /^[A-Za-z0-9-]{1,64}$/.test(buildId)) {
      history.put({
        buildId,
        taskId: null,
        destinations: [],
        mode: 'local',
        contextDir: '',
        dockerfile: '',
        executorImage: c.Image,
        capabilities: [],
        result: 'interrupted',
        digest: null,
        pushed: [],
        loadedImages: [],
        startedAt: c.Created * 1000,
        endedAt: now(),
        durationMs: null,
        error: {
          code: 'CANCELLED',
          message: 'The app stopped during this build; its container was removed.',
        },
        failure: null,
        logLines: 0,
      });
    }
  }
  for (const c of list) {
    const id = c.Labels?.[LABEL_BUILD_ID];
    if (id && !isLive(id) && !interrupted.includes(id)) interrupted.push(id);
  }
  return { removed, interrupted };
}
