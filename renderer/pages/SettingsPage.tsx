import { useEffect, useState } from 'react';
import type { Settings } from '../../electron/shared/contract/settings';
import { useApi, useSticky } from '../api/hooks';
import { socketInUse } from '../shell/engine-text';
import { ErrorNotice } from '../components/ErrorNotice';
import { toFailure, type Failure } from './registries/failure';
import { SettingsForm } from './registries/SettingsForm';
import { BaseImageCacheSection } from './settings/BaseImageCacheSection';
import './registries/registries.css';

/** Executor image, build defaults, theme, log limit, preview ports and engine choice. */
export default function SettingsPage() {
  const client = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<Failure | null>(null);

  useEffect(() => {
    client.call('settings.get', {}).then(setSettings, (e: unknown) => setError(toFailure(e)));
  }, [client]);

  const engine = useSticky('engine.status');
  const inUse = socketInUse(engine);
  return (
    <div className="settings-page">
      <ErrorNotice error={error} />
      <section className="notice info" aria-label="Podman socket in use" data-testid="socket-in-use">
        {inUse ? (
          <p>
            {engine?.state === 'connected' ? 'In use: ' : 'Trying: '}
            <code>{inUse.socket}</code>, from {inUse.from}.
          </p>
        ) : (
          <p>Looking for the Podman socket…</p>
        )}
      </section>
      {settings === null ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <SettingsForm initial={settings} onSaved={setSettings} />
          <BaseImageCacheSection settings={settings} onSaved={setSettings} />
        </>
      )}
    </div>
  );
}
