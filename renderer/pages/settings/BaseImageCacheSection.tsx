import { useCallback, useEffect, useId, useState } from 'react';
import type { BaseImageCacheStatus } from '../../../electron/shared/contract/build';
import type { Settings } from '../../../electron/shared/contract/settings';
import { useApi, useEvent } from '../../api/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toFailure, type Failure } from '../registries/failure';
import { formatSize } from '../../components/format-size';

interface Props {
  settings: Settings;
  onSaved(next: Settings): void;
}

/**
 * The base-image cache: on or off (saved at once), the volume's name and size on the engine, and
 * Clear (asks first; refused by main while a build runs).
 */
export function BaseImageCacheSection({ settings, onSaved }: Props) {
  const client = useApi();
  const id = useId();
  const [status, setStatus] = useState<BaseImageCacheStatus | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // The clicked value while it is being saved (shown at once); then the stored one again.
  const [pending, setPending] = useState<boolean | null>(null);

  const refresh = useCallback(() => {
    client.call('build.baseCache', {}).then(setStatus, (e: unknown) => setError(toFailure(e)));
  }, [client]);
  useEffect(refresh, [refresh]);
  useEvent('build.finished', refresh);

  const toggle = async (next: boolean) => {
    setBusy(true);
    setPending(next);
    try {
      onSaved(await client.call('settings.update', { baseImageCache: next }));
      setError(null);
      refresh();
    } catch (e) {
      setError(toFailure(e));
    } finally {
      setPending(null);
      setBusy(false);
    }
  };

  const clear = async () => {
    setAsking(false);
    setBusy(true);
    setDone(null);
    try {
      const r = await client.call('build.baseCacheClear', {});
      setStatus(r);
      setError(null);
      setDone(r.freedBytes === null ? 'Cleared.' : `Cleared: ${formatSize(r.freedBytes)} freed.`);
    } catch (e) {
      setError(toFailure(e));
      refresh();
    } finally {
      setBusy(false);
    }
  };

  const size = !status
    ? 'Checking…'
    : !status.exists
      ? 'Empty (the volume is made at the next build).'
      : status.sizeBytes === null
        ? 'Size unknown (the engine does not report it).'
        : formatSize(status.sizeBytes);
  return (
    <section className="settings-form" aria-labelledby={`${id}-title`} data-testid="base-image-cache">
      <fieldset>
        <legend id={`${id}-title`}>Base-image cache</legend>
        <label htmlFor={`${id}-on`}>Use it</label>
        <div>
          <input
            id={`${id}-on`}
            type="checkbox"
            checked={pending ?? settings.baseImageCache}
            disabled={busy}
            onChange={(e) => void toggle(e.target.checked)}
          />
          <p className="muted form-help">
            Keeps the base images of your builds in a Podman volume, so a rebuild does not download them
            again. The executor only reads it; Kaniko&apos;s warmer fills it before each build. Saved as soon
            as you change it.
          </p>
        </div>
        <span>Volume</span>
        <div>
          <code>{status?.volume ?? '…'}</code>
        </div>
        <span>Size</span>
        <div data-testid="base-cache-size">{size}</div>
      </fieldset>
      <div className="form-actions">
        <button
          type="button"
          className="button danger"
          disabled={busy || !status?.exists}
          onClick={() => setAsking(true)}
        >
          Clear the cache
        </button>
        {status?.inUse && <span className="muted">A build is running: it may be using the cache.</span>}
        {done && (
          <span role="status" className="muted">
            {done}
          </span>
        )}
      </div>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <ConfirmDialog
        open={asking}
        title="Clear the base-image cache?"
        confirmLabel="Clear"
        cancelLabel="Keep it"
        danger
        onConfirm={() => void clear()}
        onCancel={() => setAsking(false)}
      >
        <p>
          Removes the volume <code>{status?.volume}</code> and every base image in it. The next build of each
          Dockerfile downloads its base image again.
        </p>
      </ConfirmDialog>
    </section>
  );
}
