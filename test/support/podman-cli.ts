import { runProcess } from './proc';
import type { ProcResult } from './proc';
import { testEnv } from './test-env';

export type { ProcResult };

export interface PodmanCliOptions {
  /** Defaults to the test engine (KANIKO_TEST_PODMAN_SOCKET). */
  socketPath?: string;
  input?: string | Buffer;
  timeoutMs?: number;
}

/**
 * Runs the podman CLI in remote mode against the test engine, so assertions see exactly the storage the
 * app under test uses (a plain `podman ...` as root would look at a different storage).
 */
export function podman(args: string[], opts: PodmanCliOptions = {}): Promise<ProcResult> {
  const socket = opts.socketPath ?? testEnv().podmanSocket;
  const env = { ...process.env };
  delete env.CONTAINER_HOST;
  delete env.CONTAINER_CONNECTION;
  return runProcess('podman', ['--url', `unix://${socket}`, ...args], {
    env,
    input: opts.input,
    timeoutMs: opts.timeoutMs,
  });
}

/** podman(...) that throws with stderr on a non-zero exit and returns stdout. */
export async function podmanOk(args: string[], opts: PodmanCliOptions = {}): Promise<string> {
  const r = await podman(args, opts);
  if (r.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** podman(...) with JSON output parsed, e.g. podmanJson(['ps', '-a', '--format', 'json']). */
export async function podmanJson<T>(args: string[], opts: PodmanCliOptions = {}): Promise<T> {
  return JSON.parse(await podmanOk(args, opts)) as T;
}

/** Pushes a local image of the test engine to the harness registry (its login, plain HTTP). */
export async function pushToTestRegistry(local: string, remote: string): Promise<void> {
  await podmanOk(['push', '--quiet', ...testRegistryAccess(), local, remote]);
}

/** Pulls an image from the harness registry into the test engine (its login, plain HTTP). */
export async function pullFromTestRegistry(remote: string): Promise<void> {
  await podmanOk(['pull', '--quiet', ...testRegistryAccess(), remote]);
}

function testRegistryAccess(): string[] {
  const env = testEnv();
  return ['--tls-verify=false', '--creds', `${env.registryUser}:${env.registryPass}`];
}
