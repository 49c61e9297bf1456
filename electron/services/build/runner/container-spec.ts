import type Docker from 'dockerode';

/** Labels that let the app find its own build containers again (cancel, crash recovery). */
export const LABEL_OWNED = 'io.kaniko-desktop.owned';
export const LABEL_KIND = 'io.kaniko-desktop.kind';
export const LABEL_BUILD_ID = 'io.kaniko-desktop.build-id';
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
}

/**
 * The create options of one throwaway build container: locked down, no bind mounts or volumes (the
 * context and config go in with putArchive, so a remote or VM engine works too), no TTY (so stdout and
 * stderr stay separate and no request bytes leak into the output), and no environment of ours: secrets
 * never travel in env or args.
 */
export function executorContainerSpec(input: ExecutorContainerInput): Docker.ContainerCreateOptions {
  return {
    name: `kaniko-desktop-build-${input.buildId.slice(0, 12)}`,
    Image: input.image,
    Entrypoint: ['/kaniko/executor'],
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
    },
    HostConfig: {
      ...securityOptions(input.capAdd),
      Binds: [],
      AutoRemove: false,
      ...(input.networkMode ? { NetworkMode: input.networkMode } : {}),
    },
  };
}
