import { existsSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_EXECUTOR_IMAGE } from '../../electron/shared/executor-release';
import { podmanOk } from '../../test/support/podman-cli';
import {
  prepareStorage,
  startPodmanService,
  stopPauseProcess,
  type PodmanService,
  type ServiceSpec,
} from '../../test/support/podman-service';
import { mustRun, runProcess } from '../../test/support/proc';
import { siblingSocketPath } from '../../test/support/sibling-service';
import { serviceSpec, testEnv } from '../../test/support/test-env';

/**
 * A Podman service whose whole storage (images, containers, its temp folder) lives on a small tmpfs,
 * holding only the executor image: a build that writes more than is left fills the disk for real.
 */
export interface FullEngine {
  socketPath: string;
  /** Bytes still free on the tmpfs. */
  free(): number;
  stop(): Promise<void>;
}

let executorArchive: string | null = null;

/** The executor image saved once per gauntlet run (from the harness's storage) to load into each tmpfs. */
async function savedExecutor(): Promise<string> {
  if (executorArchive && existsSync(executorArchive)) return executorArchive;
  const file = path.join(testEnv().stateDir, 'gauntlet-executor.tar');
  await podmanOk(['save', '-o', file, DEFAULT_EXECUTOR_IMAGE]);
  executorArchive = file;
  return file;
}

export async function startFullEngine(name: string, sizeMiB: number): Promise<FullEngine> {
  const base = serviceSpec();
  // Short: Podman refuses a runroot (inside the storage folder) longer than 50 characters, and a CI's
  // TMPDIR plus the harness's state folder can be longer than that.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kdg-'));
  const owner = base.user ? `,uid=${base.user.uid},gid=${base.user.gid}` : '';
  await mustRun('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700${owner}`, 'tmpfs', dir]);
  const spec: ServiceSpec = { ...base, storageDir: dir };
  let service: PodmanService | null = null;
  const stop = async () => {
    await service?.stop();
    service = null;
    await stopPauseProcess(spec);
    // Lazy, in case a container's conmon still holds a mount inside: the tmpfs goes when it lets go.
    await runProcess('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await prepareStorage(spec);
    const socketPath = siblingSocketPath(`full-${name}`);
    service = await startPodmanService(spec, socketPath, path.join(testEnv().stateDir, `full-${name}.log`));
    await podmanOk(['load', '-q', '-i', await savedExecutor()], { socketPath });
    return {
      socketPath,
      free: () => {
        const s = statfsSync(dir);
        return s.bavail * s.bsize;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
