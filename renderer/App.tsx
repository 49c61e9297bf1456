import { useSticky } from './api/hooks';

/** Placeholder shell; the full layout lives in renderer/shell/. */
export function App() {
  const engine = useSticky('engine.status');
  const text =
    engine?.state === 'connected'
      ? `Podman ${engine.podmanVersion ?? '?'} · ${engine.rootless ? 'rootless' : 'rootful'}`
      : engine?.state === 'disconnected'
        ? `Podman not connected: ${engine.error ?? ''} ${engine.hint ?? ''}`
        : 'Connecting to Podman…';
  return (
    <main>
      <h1>Kaniko Desktop</h1>
      <footer role="status" aria-label="Engine">
        {text}
      </footer>
    </main>
  );
}
