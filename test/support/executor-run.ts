import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pack as tarPack } from 'tar-stream';
import { DEFAULT_EXECUTOR_IMAGE } from '../../electron/shared/executor-release';
import { podman, podmanOk, pushToTestRegistry } from './podman-cli';
import { testEnv } from './test-env';

/**
 * Runs the real executor image directly (podman CLI, not the app) with a chosen capability set and the
 * app's other security options, for measurements such as "which capabilities does this Dockerfile need".
 * Base images come from the harness registry through the same loopback mapping the app uses.
 */
export interface ExecutorRunResult {
  exitCode: number;
  output: string;
}

export interface ExecutorRunOptions {
  /**
   * Instead of the measurement's own arguments: these, plus the registry map to the harness registry.
   * The context is then bind-mounted at /workspace, as a Kubernetes Job mounts its emptyDir there.
   */
  args?: string[];
}

export async function runExecutorWith(
  files: Record<string, string>,
  capAdd: readonly string[],
  opts: ExecutorRunOptions = {},
): Promise<ExecutorRunResult> {
  const env = testEnv();
  const port = env.registry.split(':')[1];
  const mapped = `10.0.2.2:${port}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kd-caps-'));
  await chmod(dir, 0o755);
  const name = `kd-caps-${randomBytes(4).toString('hex')}`;
  try {
    for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
    const auth = Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64');
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: { [mapped]: { auth } } }));
    await podmanOk([
      'create',
      '--name',
      name,
      '--label',
      'io.kaniko-desktop.test=1',
      '--security-opt=no-new-privileges',
      '--cap-drop=ALL',
      ...(capAdd.length ? [`--cap-add=${capAdd.join(',')}`] : []),
      '--network=slirp4netns:allow_host_loopback=true',
      ...(opts.args ? ['-v', `${dir}:/workspace:ro`] : []),
      DEFAULT_EXECUTOR_IMAGE,
      ...(opts.args ?? [
        '--context=dir:///kaniko/buildcontext',
        '--dockerfile=/kaniko/buildcontext/Dockerfile',
        '--no-push',
        '--oci-layout-path=/kaniko/output/oci',
        '--destination=localhost/kd-caps/measure:latest',
        '--log-format=text',
      ]),
      `--registry-map=${env.registry}=${mapped}`,
      `--insecure-registry=${mapped}`,
    ]);
    await podmanOk(['cp', path.join(dir, 'config.json'), `${name}:/kaniko/.docker/config.json`]);
    await rm(path.join(dir, 'config.json'));
    if (!opts.args) await podmanOk(['cp', dir, `${name}:/kaniko/buildcontext`]);
    const run = await podman(['start', '--attach', name]);
    const exitCode = Number((await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name])).trim());
    return { exitCode, output: `${run.stdout}${run.stderr}` };
  } finally {
    await podman(['rm', '-f', '-t', '0', name]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A tar entry of a base image made for a measurement. */
export interface BaseEntry {
  name: string;
  type?: 'file' | 'directory';
  mode?: number;
  uid?: number;
  gid?: number;
  content?: string | Buffer;
  /** pax extended attributes, e.g. SCHILY.xattr.security.capability. */
  pax?: Record<string, string>;
}

/**
 * Makes an image from the harness's busybox image plus these entries (one extra layer, owners, modes
 * and xattrs as given) and pushes it to the harness registry; returns its reference there.
 */
export async function pushDerivedBase(name: string, entries: BaseEntry[]): Promise<string> {
  const env = testEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kd-base-'));
  await chmod(dir, 0o755);
  try {
    const pack = tarPack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    const done = new Promise<void>((r) => pack.on('end', () => r()));
    for (const e of entries) {
      const header = {
        name: e.name,
        type: e.type ?? 'file',
        mode: e.mode ?? (e.type === 'directory' ? 0o755 : 0o644),
        uid: e.uid ?? 0,
        gid: e.gid ?? 0,
        ...(e.pax ? { pax: e.pax } : {}),
      } as const;
      if (e.type === 'directory') pack.entry(header);
      else pack.entry(header, e.content ?? '');
    }
    pack.finalize();
    await done;
    await writeFile(path.join(dir, 'layer.tar'), Buffer.concat(chunks));
    await writeFile(path.join(dir, 'Containerfile'), `FROM ${env.baseImage}\nADD layer.tar /\n`);
    const local = `localhost/${name}:latest`;
    await podmanOk(['build', '--quiet', '--network=none', '-t', local, dir]);
    const remote = `${env.registry}/${name}:latest`;
    await pushToTestRegistry(local, remote);
    return remote;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
