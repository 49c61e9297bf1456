import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import { engineMessage } from '../../engine/engine-errors';

/** Labels that let the app find its own build containers again (cancel, crash recovery). */
export const LABEL_OWNED = 'io.kaniko-desktop.owned';
export const LABEL_KIND = 'io.kaniko-desktop.kind';
export const LABEL_BUILD_ID = 'io.kaniko-desktop.build-id';
/** This install's random value (settings): the app's labels alone can be copied by any image. */
export const LABEL_INSTALL = 'io.kaniko-desktop.install';
export const BUILD_KIND = 'build';

/** The security options of every executor container, whatever the image (real Kaniko or a stand-in). */
export function securityOptions(capAdd: readonly string[]): {
  SecurityOpt: string[];
  CapDrop: string[];
  CapAdd: string[];
} {
  return { SecurityOpt: ['no-new-privileges'], CapDrop: ['ALL'], CapAdd: [...capAdd] };
}

export interface ExecutorContainerInput {
  image: string;
  /** The executor's argument vector (no shell ever sees it). */
  args: string[];
  capAdd: readonly string[];
  buildId: string;
  /** HostConfig.NetworkMode; null/undefined = the engine's default network. */
  networkMode?: string | null;
  installId: string;
  /**
   * The engine runs as root: give the container a user namespace of its own (`--userns=auto`), so root
   * inside (which Kaniko needs) is an unprivileged id range on the host. Rootless engines already are one.
   */
  rootfulEngine?: boolean;
  /** Named volumes of the app's own (the base-image cache), mounted at their paths. */
  volumes?: { name: string; path: string; readOnly: boolean }[];
  /** Another program of the executor image (the warmer) instead of the executor. */
  entrypoint?: { path: string; namePrefix: string };
}

/**
 * The create options of one throwaway build container: locked down, no bind mounts (the context and
 * config go in with putArchive, so a remote or VM engine works too), no volume but the app's own
 * base-image cache, no TTY (so stdout and
 * stderr stay separate and no request bytes leak into the output), and no environment of ours: secrets
 * never travel in env or args.
 */
export function executorContainerSpec(input: ExecutorContainerInput): Docker.ContainerCreateOptions {
  return {
    name: `${input.entrypoint?.namePrefix ?? 'kaniko-desktop-build'}-${input.buildId.slice(0, 12)}`,
    Image: input.image,
    Entrypoint: [input.entrypoint?.path ?? '/kaniko/executor'],
    Cmd: input.args,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      [LABEL_OWNED]: '1',
      [LABEL_KIND]: BUILD_KIND,
      [LABEL_BUILD_ID]: input.buildId,
      [LABEL_INSTALL]: input.installId,
    },
    HostConfig: {
      ...securityOptions(input.capAdd),
      Binds: (input.volumes ?? []).map((v) => `${v.name}:${v.path}${v.readOnly ? ':ro' : ''}`),
      AutoRemove: false,
      ...(input.networkMode ? { NetworkMode: input.networkMode } : {}),
      ...(input.rootfulEngine ? { UsernsMode: 'auto' } : {}),
    },
  };
}

/** A rootful engine without id ranges for --userns=auto: say what to add instead of the engine's words. */
export function explainUsernsShortage(err: unknown): unknown {
  if (!/enough available IDs|cannot find mappings for user containers/i.test(engineMessage(err))) return err;
  return new AppError(
    'UNAVAILABLE',
    'The rootful engine has no user-id ranges to give the build container.',
    {
      hint: 'Add ranges for "containers" to /etc/subuid and /etc/subgid (e.g. containers:2147483647:2147483648), or use rootless Podman.',
      cause: err,
    },
  );
}
