import { readFile } from 'node:fs/promises';
import { pingSocket } from '../../test/support/engine-http';
import type { PodmanService } from '../../test/support/podman-service';
import { descendantPids, killQuietly } from '../../test/support/process-tree';
import { siblingSocketPath, startSiblingPodmanService } from '../../test/support/sibling-service';

/**
 * A Podman API service of its own (same user, storage and config as the harness's) that a case may
 * SIGKILL and start again on the same socket. The harness's service stays up throughout, so the
 * checks (podman CLI on the harness socket) still see the shared storage while this one is dead.
 */
export interface KillableEngine {
  readonly socketPath: string;
  /** SIGKILL of the service and its re-exec'd children (not the containers' conmon processes). */
  kill(): Promise<void>;
  /** Starts the service again on the same socket; resolves once it answers /_ping. */
  restart(): Promise<void>;
  /** Stops it for good (SIGTERM), whatever its state. */
  stop(): Promise<void>;
}

export async function startKillableEngine(name: string): Promise<KillableEngine> {
  const socketPath = siblingSocketPath(name);
  let service: PodmanService | null = await startSiblingPodmanService(socketPath);
  return {
    socketPath,
    async kill() {
      const s = service;
      service = null;
      if (!s) return;
      const tree = [s.pid, ...(await descendantPids(s.pid))];
      const podmans: number[] = [];
      for (const pid of tree) {
        const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
        if (comm === 'podman') podmans.push(pid);
      }
      for (const pid of podmans) killQuietly(pid, 'SIGKILL');
      // Gone when the socket stops answering (the file itself stays, as after a real crash).
      const deadline = Date.now() + 5_000;
      while ((await pingSocket(socketPath, 300)) && Date.now() < deadline) await sleep(50);
    },
    async restart() {
      if (service) return;
      service = await startSiblingPodmanService(socketPath);
    },
    async stop() {
      const s = service;
      service = null;
      await s?.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
