import { useCallback, useEffect, useState } from 'react';
import type { PreviewInfo } from '../../electron/shared/contract/preview';
import { ApiError } from '../api/client';
import { useApi, useSticky } from '../api/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { CacheRegistryRow } from './previews/CacheRegistryRow';
import { LocalImages } from './previews/LocalImages';
import { openInBrowser } from './previews/open-page';
import { PreviewPane } from './previews/PreviewPane';
import { PreviewRow } from './previews/PreviewRow';
import { RunPreviewForm } from './previews/RunPreviewForm';
import './previews/previews.css';

const REFRESH_MS = 5_000;

type Failure = { message: string; hint?: string };

function toFailure(err: unknown): Failure {
  if (err instanceof ApiError) return { message: err.message, hint: err.hint };
  return { message: err instanceof Error ? err.message : String(err) };
}

/** Running previews (Stop, Logs, Pin, Open), an in-app pane, and a form to run any image. */
export default function PreviewsPage() {
  const client = useApi();
  const sticky = useSticky('preview.list');
  const [fetched, setFetched] = useState<PreviewInfo[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmStop, setConfirmStop] = useState<PreviewInfo | null>(null);
  const [confirmRemoveCache, setConfirmRemoveCache] = useState<PreviewInfo | null>(null);
  const listed = sticky?.previews ?? fetched;
  const previews = listed?.filter((p) => p.kind === 'preview') ?? null;
  const cacheRegistries = listed?.filter((p) => p.kind === 'cache-registry') ?? [];

  useEffect(() => {
    client.call('preview.list', {}).then(setFetched, (err: unknown) => setError(toFailure(err)));
    // Containers can also stop on their own; a cheap re-list while the page is open shows that.
    const timer = setInterval(() => void client.call('preview.list', {}).catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);

  const act = useCallback(async (id: string, fn: () => Promise<unknown>) => {
    setBusyId(id);
    try {
      await fn();
      setError(null);
    } catch (err) {
      setError(toFailure(err));
    } finally {
      setBusyId(null);
    }
  }, []);

  const stop = (p: PreviewInfo) =>
    act(p.containerId, async () => {
      await client.call('preview.stop', { containerId: p.containerId });
      if (shownId === p.containerId) setShownId(null);
    });

  const shown = previews?.find((p) => p.containerId === shownId && p.url !== null) ?? null;
  return (
    <div className="previews-page">
      <RunPreviewForm onReady={(r) => setShownId(r.containerId)} />
      <LocalImages />

      <section aria-labelledby="previews-running-title">
        <h2 id="previews-running-title">Running previews</h2>
        <ErrorNotice error={error} onDismiss={() => setError(null)} />
        {previews === null ? (
          <p className="muted">Loading…</p>
        ) : previews.length === 0 ? (
          <p className="muted">No previews. Run an image above, or use “Run on localhost” after a build.</p>
        ) : (
          <ul className="preview-list" aria-label="Running previews">
            {previews.map((p) => (
              <PreviewRow
                key={p.containerId}
                preview={p}
                shown={p.containerId === shownId}
                busy={busyId === p.containerId}
                onShow={() => setShownId(p.containerId === shownId ? null : p.containerId)}
                onOpen={() =>
                  p.url && void openInBrowser(client, p.url).catch((e: unknown) => setError(toFailure(e)))
                }
                onPin={(pinned) =>
                  act(p.containerId, () => client.call('preview.pin', { containerId: p.containerId, pinned }))
                }
                onStop={() => (p.pinned ? setConfirmStop(p) : void stop(p))}
              />
            ))}
          </ul>
        )}
      </section>

      {cacheRegistries.length > 0 && (
        <section aria-labelledby="previews-app-containers-title">
          <h2 id="previews-app-containers-title">Other containers of the app</h2>
          <ul className="preview-list" aria-label="Other containers of the app">
            {cacheRegistries.map((r) => (
              <CacheRegistryRow
                key={r.containerId}
                registry={r}
                busy={busyId === r.containerId}
                onRemove={() => setConfirmRemoveCache(r)}
              />
            ))}
          </ul>
        </section>
      )}

      {shown && <PreviewPane preview={shown} onClose={() => setShownId(null)} />}

      <ConfirmDialog
        open={confirmStop !== null}
        title="Stop a pinned preview?"
        confirmLabel="Stop and remove"
        cancelLabel="Keep it running"
        danger
        onConfirm={() => {
          const p = confirmStop;
          setConfirmStop(null);
          if (p) void stop(p);
        }}
        onCancel={() => setConfirmStop(null)}
      >
        <p>
          {confirmStop?.image} is pinned to keep running after the app quits. Stopping removes its container.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={confirmRemoveCache !== null}
        title="Remove the layer cache?"
        confirmLabel="Remove the cache"
        cancelLabel="Keep it"
        danger
        onConfirm={() => {
          const r = confirmRemoveCache;
          setConfirmRemoveCache(null);
          if (r) void stop(r);
        }}
        onCancel={() => setConfirmRemoveCache(null)}
      >
        <p>
          The cache registry and the layers it stores go away; the next build with Cache starts it again and
          runs every step once.
        </p>
      </ConfirmDialog>
    </div>
  );
}
