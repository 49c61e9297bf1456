import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scratchBusyboxContext } from '../../test/support/build-contexts';
import { testEnv } from '../../test/support/test-env';

/**
 * Build contexts that make one phase of a real build last long enough to hit it. None needs a base image
 * from a registry (FROM scratch with Debian's static busybox copied in), so the executor holds no login.
 */

/** Printed by the executor's RUN step just before it sleeps. */
export const SLEEP_MARKER = 'gauntlet: the executor is running';

/** The executor runs for `seconds` after printing SLEEP_MARKER. */
export function sleepingContext(seconds = 30): string {
  return scratchBusyboxContext(`echo "${SLEEP_MARKER}"\nsleep ${seconds}`);
}

/** The built image carries `mib` MiB of random bytes (incompressible): a long read-back, load or push. */
export function bigImageContext(mib: number): string {
  return scratchBusyboxContext(`dd if=/dev/urandom of=/big.bin bs=1M count=${mib} 2>&1\necho built`);
}

let bigContext: string | null = null;

/** In bigUploadContext: the Dockerfile whose build sleeps 30 s after the upload. */
export const LINGERING_DOCKERFILE = 'Dockerfile.linger';

/**
 * A context of `mib` MiB of random files: the upload alone takes seconds (Podman extracts ~25 MB/s).
 * Made once per gauntlet run, in the run's state folder (the harness removes it).
 */
export function bigUploadContext(mib = 160): string {
  if (bigContext) return bigContext;
  const dir = path.join(testEnv().stateDir, 'gauntlet-big-context');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  for (let i = 0; i < mib / 4; i++) writeFileSync(path.join(dir, 'data', `f${i}.bin`), randomBytes(4 << 20));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY data/f0.bin /f0.bin\n');
  // The same upload, then a step that keeps the container running: a kill that lands just after a fast
  // upload still finds the build's container (see LINGERING_DOCKERFILE).
  copyFileSync('/bin/busybox', path.join(dir, 'busybox'));
  writeFileSync(
    path.join(dir, LINGERING_DOCKERFILE),
    'FROM scratch\nCOPY busybox /bin/busybox\nCOPY data/f0.bin /f0.bin\nRUN ["/bin/busybox", "sleep", "30"]\n',
  );
  bigContext = dir;
  return dir;
}

/** A fresh tag per run, so no run's image turns an earlier run's into a dangling one. */
export function runTag(seed: number): string {
  return `g${seed}-${randomBytes(3).toString('hex')}`;
}
