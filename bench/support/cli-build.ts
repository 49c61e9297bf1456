import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { BuildPlan } from '../../electron/shared/contract/build';
import { DEFAULT_EXECUTOR_IMAGE } from '../../electron/shared/executor-release';
import { podman, podmanOk } from '../../test/support/podman-cli';
import { testEnv } from '../../test/support/test-env';
import { timed } from './stats';

export interface CliBuildInput {
  /** The app's plan of the same build: its security options, network and executor arguments. */
  plan: BuildPlan;
  contextDir: string;
  /** A config.json with the base registry's login, bind-mounted as build.sh does. */
  configFile: string;
  /** Scratch folder for the executor's output (removed after). */
  outDir: string;
  /** The name `podman load` must report (e.g. kd-bench/page:cli). */
  image: string;
}

/**
 * build.sh's way: `podman run --rm` of the REAL executor with the production security options and the
 * context, output folder and login bind-mounted, then `podman load` of the tarball it wrote.
 */
export async function cliKanikoBuild(input: CliBuildInput): Promise<{ runMs: number; loadMs: number }> {
  const { plan, outDir: out } = input;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  chmodSync(out, 0o777); // written by the container's root, i.e. the rootless engine's user
  const run = await timed(() =>
    podman([
      'run',
      '--rm',
      '--security-opt=no-new-privileges',
      '--cap-drop=ALL',
      `--cap-add=${plan.security.capAdd.join(',')}`,
      `--network=${plan.network.mode}`,
      '-v',
      `${input.contextDir}:/kaniko/buildcontext:ro`,
      '-v',
      `${out}:/kaniko/output`,
      '-v',
      `${input.configFile}:/kaniko/.docker/config.json:ro`,
      DEFAULT_EXECUTOR_IMAGE,
      ...plan.args,
    ]),
  );
  if (run.value.code !== 0) throw new Error(`podman run failed: ${run.value.stderr}`);
  const tarball = path.join(out, 'image.tar');
  expect(existsSync(tarball) && statSync(tarball).size > 0).toBe(true);
  const load = await timed(() => podmanOk(['load', '-q', '-i', tarball]));
  expect(load.value).toContain(input.image);
  rmSync(out, { recursive: true, force: true });
  return { runMs: run.ms, loadMs: load.ms };
}

/**
 * build.sh's way gives the executor a login file: the harness registry's login, under the address the
 * container reaches that loopback registry by (the app does the same inside its container).
 */
export function writeRegistryLoginConfig(file: string): void {
  const env = testEnv();
  const port = env.registry.split(':')[1];
  const auth = Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64');
  writeFileSync(file, JSON.stringify({ auths: { [`10.0.2.2:${port}`]: { auth } } }), { mode: 0o644 });
}
