import type { NativeService } from '../../../electron/shared/contract/machine';

interface Props {
  native: NativeService;
  busy: boolean;
  onStart(): void;
}

/** Linux: containers can run without a VM, on the rootless Podman service of this computer. */
export function NativeServicePanel({ native, busy, onStart }: Props) {
  return (
    <section className="machine-native" aria-label="Native Podman service">
      <h2>Podman on this computer: no machine needed</h2>
      <p>
        On Linux, Podman runs containers directly on this computer, rootless, so builds need no VM. The app
        talks to its API at <code>{native.socketPath}</code>.
      </p>
      <p role="status">
        {native.running
          ? native.supervised
            ? 'The service is running (started by this app; it stops when the app quits).'
            : 'A Podman service is answering on this socket.'
          : 'No service is answering on this socket.'}
      </p>
      {native.error && <p className="field-error">{native.error}</p>}
      {!native.running && (
        <button type="button" className="primary" disabled={busy} onClick={onStart}>
          Start the Podman service
        </button>
      )}
    </section>
  );
}
