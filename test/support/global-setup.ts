import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { BASE_IMAGE, ensureBaseImage } from './base-image';
import { ensureCacheRegistryImage } from './cache-registry-image';
import { removeLabelledContainers, removeLabelledVolumes } from './cleanup';
import { writeContainersConf, writeRegistriesConf } from './containers-conf';
import { ensureExecutorImage } from './executor-image';
import { libpodInfo, pingSocket } from './engine-http';
import { startRegistry } from './local-registry';
import type { LocalRegistry } from './local-registry';
import { prepareStorage, startPodmanService, stopPauseProcess } from './podman-service';
import type { PodmanService, ServiceSpec } from './podman-service';
import { mustRun, runProcess } from './proc';
import { ensureAutoUsernsRanges, ensureRootlessUser } from './rootless-user';
import { SERVICE_SPEC_VAR, TEST_ENV_VARS } from './test-env';
import type { TestEnv } from './test-env';

/**
 * Starts what integration and e2e tests need: a real Podman API service (rootless as an unprivileged
 * user when running as root), the busybox base image in its storage, the real Kaniko executor image
 * (built from source, see executor-image.ts), and an htpasswd-protected local registry the engine
 * trusts over plain HTTP. Everything lives in one temp folder and is removed after.
 *
 * Env knobs: KANIKO_TEST_PODMAN_SOCKET (use an already running service instead of starting one),
 * KANIKO_TEST_FORCE_ROOTFUL=1 (root only: run the engine rootful).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: { services: PodmanService[]; registry: LocalRegistry | null } = {
    services: [],
    registry: null,
  };
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'kd-test-'));
  await chmod(stateDir, 0o755); // the rootless service user must reach its folders inside
  const teardown = async (spec: ServiceSpec | null, socket: string | null) => {
    if (socket && (await pingSocket(socket))) {
      const n = await removeLabelledContainers(socket).catch(() => 0);
      if (n > 0) console.log(`[test harness] removed ${n} leftover labelled container(s)`);
      // The app's base-image cache volume (a reused service keeps its storage between runs).
      await removeLabelledVolumes(socket).catch(() => 0);
    }
    for (const s of started.services) await s.stop();
    if (spec) await stopPauseProcess(spec);
    await started.registry?.stop();
    await rm(stateDir, { recursive: true, force: true }).catch(() => undefined);
  };

  let spec: ServiceSpec | null = null;
  let socket: string | null = null;
  try {
    const registryUser = 'kdtester';
    const registryPass = randomBytes(12).toString('hex');
    started.registry = await startRegistry(path.join(stateDir, 'registry'), registryUser, registryPass);
    const registry = started.registry.address;
    const base = {
      storageDir: path.join(stateDir, 'storage'),
      containersConf: process.env.CONTAINERS_CONF || (await writeContainersConf(stateDir)),
      registriesConf: await writeRegistriesConf(stateDir, [registry]),
    };
    process.env.CONTAINERS_CONF = base.containersConf;

    const external = process.env[TEST_ENV_VARS.podmanSocket];
    let rootless: boolean;
    if (external) {
      if (!(await pingSocket(external)))
        throw new Error(`KANIKO_TEST_PODMAN_SOCKET=${external} does not answer /_ping`);
      socket = external;
      rootless = (await libpodInfo(external)).host.security.rootless;
      spec = { ...base, user: null, rootless: process.getuid?.() !== 0 };
      await prepareStorage(spec);
      await ensureBaseImage(socket);
    } else {
      const engine = await startEngine(base, stateDir, started.services);
      spec = engine.spec;
      socket = engine.socket;
      rootless = (await libpodInfo(socket)).host.security.rootless;
      if (rootless !== spec.rootless)
        throw new Error(`engine reports rootless=${rootless}, expected ${spec.rootless}`);
    }

    const registryBaseImage = `${registry}/kd-busybox:latest`;
    await mustRun('podman', [
      '--url',
      `unix://${socket}`,
      'push',
      '--quiet',
      '--tls-verify=false',
      '--creds',
      `${registryUser}:${registryPass}`,
      BASE_IMAGE,
      registryBaseImage,
    ]);

    const executor = await ensureExecutorImage(socket);
    await ensureCacheRegistryImage(socket);

    const env: TestEnv = {
      podmanSocket: socket,
      rootless,
      registry,
      registryUser,
      registryPass,
      baseImage: BASE_IMAGE,
      registryBaseImage,
      stateDir,
    };
    for (const [key, name] of Object.entries(TEST_ENV_VARS) as [keyof TestEnv, string][]) {
      const value = key === 'rootless' ? (env.rootless ? '1' : '0') : String(env[key]);
      process.env[name] = value;
      project.provide(name as keyof ProvidedContext, value);
    }
    process.env[SERVICE_SPEC_VAR] = JSON.stringify(spec);
    console.log(
      `[test harness] podman ${rootless ? 'rootless' : 'rootful'} at ${socket}; registry ${registry}; image ${BASE_IMAGE}; executor ${executor.image} (Kaniko ${executor.version}, built from ${executor.source})`,
    );
  } catch (err) {
    await teardown(spec, socket);
    throw err;
  }
  const finalSpec = spec;
  const finalSocket = socket;
  return () => teardown(finalSpec, finalSocket);
}

/**
 * Rootless first (as `kdtest` when we are root, as ourselves otherwise); if a rootless engine cannot
 * run a container here, falls back to rootful and says why.
 */
async function startEngine(
  base: Omit<ServiceSpec, 'user' | 'rootless'>,
  stateDir: string,
  services: PodmanService[],
): Promise<{ spec: ServiceSpec; socket: string }> {
  const isRoot = process.getuid?.() === 0;
  const socket = path.join(stateDir, 'engine', 'podman.sock');
  const log = path.join(stateDir, 'podman-service.log');
  if (isRoot && process.env.KANIKO_TEST_FORCE_ROOTFUL !== '1') {
    let spec: ServiceSpec | null = null;
    try {
      const user = await ensureRootlessUser();
      spec = { ...base, user, rootless: true };
      await prepareStorage(spec);
      const svc = await startPodmanService(spec, socket, log);
      services.push(svc);
      await ensureBaseImage(socket);
      await smokeRun(socket);
      return { spec, socket };
    } catch (err) {
      console.warn(`[test harness] rootless Podman failed, falling back to rootful: ${String(err)}`);
      for (const s of services.splice(0)) await s.stop();
      if (spec) await stopPauseProcess(spec);
      await rm(base.storageDir, { recursive: true, force: true });
    }
  }
  const spec: ServiceSpec = { ...base, user: null, rootless: !isRoot };
  if (isRoot) await ensureAutoUsernsRanges();
  await prepareStorage(spec);
  services.push(await startPodmanService(spec, socket, log));
  await ensureBaseImage(socket);
  return { spec, socket };
}

/** A container must really run (user namespace, runtime, network) before we trust the engine. */
async function smokeRun(socket: string): Promise<void> {
  const r = await runProcess('podman', ['--url', `unix://${socket}`, 'run', '--rm', BASE_IMAGE, 'true']);
  if (r.code !== 0) throw new Error(`podman run failed: ${r.stderr.trim()}`);
}
