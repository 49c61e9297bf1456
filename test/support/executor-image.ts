import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXECUTOR_IMAGE, EXECUTOR_RELEASE } from '../../electron/shared/executor-release';
import { imageExists } from './base-image';
import { runProcess } from './proc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What ran: written for the summary of `npm test` (scripts/test-all.mjs prints it). */
export interface ExecutorRan {
  image: string;
  /** What `executor version` printed inside the image. */
  version: string;
  source: string;
}

/**
 * Puts the REAL Kaniko executor, built from source by scripts/build-executor.mjs (cached per machine),
 * into the engine's storage under the image name the app pulls by default, so every build in the tests
 * takes the production path with the real executor. No fallback: a failed build fails the run.
 */
export async function ensureExecutorImage(socket: string): Promise<ExecutorRan> {
  if (!(await imageExists(socket, DEFAULT_EXECUTOR_IMAGE))) {
    const r = await runProcess(
      process.execPath,
      [path.join(root, 'scripts/build-executor.mjs'), '--engine', socket],
      { timeoutMs: 30 * 60_000 },
    );
    if (r.code !== 0) {
      throw new Error(
        `the real Kaniko executor could not be built (node scripts/build-executor.mjs): ${r.stderr.trim() || r.stdout.trim()}`,
      );
    }
  }
  const v = await runProcess('podman', [
    '--url',
    `unix://${socket}`,
    'run',
    '--rm',
    '--label',
    'io.kaniko-desktop.test=1',
    DEFAULT_EXECUTOR_IMAGE,
    'version',
  ]);
  const version = /version\s*:\s*(\S+)/i.exec(v.stdout)?.[1];
  if (v.code !== 0 || !version) throw new Error(`executor version failed: ${v.stderr.trim() || v.stdout}`);
  const ran = {
    image: DEFAULT_EXECUTOR_IMAGE,
    version,
    source: `${EXECUTOR_RELEASE.module}@${EXECUTOR_RELEASE.version}`,
  };
  await mkdir(path.join(root, 'test-results'), { recursive: true });
  await writeFile(path.join(root, 'test-results', 'executor.json'), `${JSON.stringify(ran)}\n`);
  return ran;
}
