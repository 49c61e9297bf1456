import type { EngineStatus } from '../../electron/shared/contract/engine';

/** The status bar's one-line summary of the engine, e.g. "Podman 4.3.1 · rootless". */
export function engineSummary(status: EngineStatus | undefined): string {
  if (!status || status.state === 'connecting') return 'Connecting to Podman…';
  if (status.state === 'connected') {
    const mode = status.rootless === undefined ? '' : ` · ${status.rootless ? 'rootless' : 'rootful'}`;
    return `Podman ${status.podmanVersion ?? '(unknown version)'}${mode}`;
  }
  return status.error ?? 'Podman is not connected.';
}

const SOURCE_TEXT: Record<NonNullable<EngineStatus['source']>, string> = {
  flag: 'the --socket option on the command line (it wins over the setting below)',
  setting: 'the Podman socket setting below',
  env: 'the CONTAINER_HOST or DOCKER_HOST environment variable',
  machine: 'the running Podman machine',
  default: "Podman's usual place on this system",
};

/** "In use: <socket>, from <where>" for the Settings page; what the app looks for when not connected. */
export function socketInUse(status: EngineStatus | undefined): { socket: string; from: string } | null {
  if (!status?.socketPath || !status.source) return null;
  return { socket: status.socketPath, from: SOURCE_TEXT[status.source] };
}

/** Whether the engine says Podman itself is missing (rather than stopped). */
export const podmanMissing = (status: EngineStatus | undefined) =>
  status?.state === 'disconnected' && /not installed/i.test(status.error ?? '');
