import { useEffect, useState } from 'react';
import type { AppInfo } from '../../electron/shared/contract/app';
import { useApi, useSticky } from '../api/hooks';
import type { PageId } from '../pages';
import { podmanMissing } from './engine-text';
import { installGuide } from './install-instructions';
import { pageHref } from './navigation';

/** Platforms where containers run inside a Podman machine (a VM) rather than on the host. */
const NEEDS_MACHINE = new Set(['darwin', 'win32']);

export function useAppInfo(): AppInfo | null {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    api.call('app.info', {}).then(setInfo, () => undefined);
  }, [api]);
  return info;
}

/** What the first-run guidance should show, if anything. */
export function useFirstRunState(platform: string | undefined): 'install' | 'machine' | null {
  const engine = useSticky('engine.status');
  const machines = useSticky('machine.list');
  if (podmanMissing(engine) || (machines && machines.podmanPath === null && engine?.state !== 'connected'))
    return 'install';
  if (
    platform &&
    NEEDS_MACHINE.has(platform) &&
    machines &&
    !machines.error &&
    machines.machines.length === 0
  )
    return 'machine';
  return null;
}

/** Podman is not installed: how to install it on this OS, and a button to look again. */
export function InstallPodman({ platform, onDismiss }: { platform: string; onDismiss(): void }) {
  const api = useApi();
  const guide = installGuide(platform);
  const [checking, setChecking] = useState(false);
  const check = () => {
    setChecking(true);
    api
      .call('engine.reconnect', {})
      .catch(() => undefined)
      .finally(() => setChecking(false));
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Podman is needed</h1>
      <p className="lead">
        Kaniko Desktop builds images inside a locked-down rootless Podman container. Podman is not installed
        on this {guide.os} computer yet.
      </p>
      <ol className="steps">
        {guide.steps.map((s) => (
          <li key={s.text}>
            {s.text}
            {s.command && <pre className="command">{s.command}</pre>}
          </li>
        ))}
      </ol>
      <p className="muted">More options: {guide.link}</p>
      <div className="row">
        <button type="button" className="primary" onClick={check} disabled={checking}>
          {checking ? 'Checking…' : 'I installed it, check again'}
        </button>
        <button type="button" onClick={onDismiss}>
          Continue without Podman
        </button>
      </div>
    </section>
  );
}

/** macOS/Windows without a machine: offer the rootless machine with the defaults, on the Machine page. */
export function CreateMachineBanner({ onNavigate }: { onNavigate(page: PageId): void }) {
  return (
    <div className="notice info" role="region" aria-label="Set up a machine">
      <div>
        <strong>No Podman machine yet.</strong>
        <p>
          Builds run in a small rootless Linux VM. Create it with the recommended defaults; it takes a few
          minutes.
        </p>
      </div>
      <a
        className="button primary"
        href={pageHref('machine')}
        onClick={(e) => {
          e.preventDefault();
          onNavigate('machine');
        }}
      >
        Create the rootless machine
      </a>
    </div>
  );
}
