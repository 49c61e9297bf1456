import type { ServiceSpec } from './podman-service';

/** What the global setup (test/support/global-setup.ts) hands to integration and e2e tests. */
export interface TestEnv {
  /** Unix socket of the real Podman API service the tests use. */
  podmanSocket: string;
  /** Whether that service runs rootless. */
  rootless: boolean;
  /** host:port of the local htpasswd-protected registry (plain HTTP, loopback). */
  registry: string;
  registryUser: string;
  registryPass: string;
  /** localhost/kd-busybox:latest, present in the service's storage. */
  baseImage: string;
  /** The same image pushed to the test registry: <registry>/kd-busybox:latest. */
  registryBaseImage: string;
  /** A scratch folder of this run, readable by the engine's user. */
  stateDir: string;
}

/** Names of the environment variables (and vitest `provide` keys) the global setup sets. */
export const TEST_ENV_VARS = {
  podmanSocket: 'KANIKO_TEST_PODMAN_SOCKET',
  rootless: 'KANIKO_TEST_ROOTLESS',
  registry: 'KANIKO_TEST_REGISTRY',
  registryUser: 'KANIKO_TEST_REGISTRY_USER',
  registryPass: 'KANIKO_TEST_REGISTRY_PASS',
  baseImage: 'KANIKO_TEST_BASE_IMAGE',
  registryBaseImage: 'KANIKO_TEST_REGISTRY_BASE_IMAGE',
  stateDir: 'KANIKO_TEST_STATE_DIR',
} as const satisfies Record<keyof TestEnv, string>;

/** JSON ServiceSpec, so a test can start a second service sharing the run's storage. */
export const SERVICE_SPEC_VAR = 'KANIKO_TEST_SERVICE_SPEC';

type EnvName = (typeof TEST_ENV_VARS)[keyof TestEnv];

declare module 'vitest' {
  export interface ProvidedContext {
    KANIKO_TEST_PODMAN_SOCKET: string;
    KANIKO_TEST_ROOTLESS: string;
    KANIKO_TEST_REGISTRY: string;
    KANIKO_TEST_REGISTRY_USER: string;
    KANIKO_TEST_REGISTRY_PASS: string;
    KANIKO_TEST_BASE_IMAGE: string;
    KANIKO_TEST_REGISTRY_BASE_IMAGE: string;
    KANIKO_TEST_STATE_DIR: string;
  }
}

function read(name: EnvName): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(
      `${name} is not set: run this test in the 'integration' or 'e2e' vitest project (its globalSetup starts Podman and the registry).`,
    );
  }
  return v;
}

/** The harness's services; throws a clear error outside the integration/e2e projects. */
export function testEnv(): TestEnv {
  return {
    podmanSocket: read(TEST_ENV_VARS.podmanSocket),
    rootless: read(TEST_ENV_VARS.rootless) === '1',
    registry: read(TEST_ENV_VARS.registry),
    registryUser: read(TEST_ENV_VARS.registryUser),
    registryPass: read(TEST_ENV_VARS.registryPass),
    baseImage: read(TEST_ENV_VARS.baseImage),
    registryBaseImage: read(TEST_ENV_VARS.registryBaseImage),
    stateDir: read(TEST_ENV_VARS.stateDir),
  };
}

export function serviceSpec(): ServiceSpec {
  const raw = process.env[SERVICE_SPEC_VAR];
  if (!raw) throw new Error(`${SERVICE_SPEC_VAR} is not set: run this test in the 'integration' project.`);
  return JSON.parse(raw) as ServiceSpec;
}

/** Labels that mark test containers; the global teardown removes leftovers carrying them. */
export const TEST_CONTAINER_LABEL = 'io.kaniko-desktop.test';
export const APP_OWNED_LABEL = 'io.kaniko-desktop.owned';
