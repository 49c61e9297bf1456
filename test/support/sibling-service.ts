import path from 'node:path';
import { startPodmanService } from './podman-service';
import type { PodmanService } from './podman-service';
import { serviceSpec, testEnv } from './test-env';

/**
 * Starts another Podman API service like the harness's own (same user, storage and config) on its own
 * socket, e.g. to kill and restart it. The caller stops it.
 */
export function startSiblingPodmanService(socketPath: string): Promise<PodmanService> {
  const log = path.join(testEnv().stateDir, `sibling-${path.basename(path.dirname(socketPath))}.log`);
  return startPodmanService(serviceSpec(), socketPath, log);
}

/** A fresh socket path under the run's state folder (its folder is created by startSiblingPodmanService). */
export function siblingSocketPath(name: string): string {
  return path.join(testEnv().stateDir, 'sockets', name, 'podman.sock');
}
