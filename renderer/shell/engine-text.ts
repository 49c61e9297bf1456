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

/** Whether the engine says Podman itself is missing (rather than stopped). */
export const podmanMissing = (status: EngineStatus | undefined) =>
  status?.state === 'disconnected' && /not installed/i.test(status.error ?? '');
