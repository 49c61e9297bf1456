import { useEffect, useState } from 'react';
import type { LocalImage } from '../../../electron/shared/contract/preview';
import { useApi } from '../../api/hooks';
import { formatSize } from '../../components/format-size';
import { RunPreviewButton } from './RunPreviewButton';

/** Images already in Podman's storage, each runnable with one click (no pull needed). */
export function LocalImages({ onReady }: { onReady?: () => void }) {
  const client = useApi();
  const [images, setImages] = useState<LocalImage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    client
      .call('preview.images', {})
      .then(setImages, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [client, open]);

  const shown = (images ?? []).filter((i) => i.ref.includes(filter.trim()));
  return (
    <details className="preview-local-images" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Local images{images ? ` (${images.length})` : ''}</summary>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {images && (
        <>
          <input
            type="search"
            aria-label="Filter local images"
            placeholder="Filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <ul className="preview-list" aria-label="Local images">
            {shown.slice(0, 50).map((img) => (
              <li key={img.ref} className="preview-row row" aria-label={img.ref}>
                <div className="preview-main">
                  <div className="preview-image">{img.ref}</div>
                  <div className="muted">
                    {img.id.replace(/^sha256:/, '').slice(0, 12)} · {formatSize(img.size)} ·{' '}
                    {new Date(img.createdAt).toLocaleString()}
                  </div>
                </div>
                <RunPreviewButton image={img.ref} onReady={onReady} />
              </li>
            ))}
          </ul>
          {shown.length === 0 && <p className="muted">No image matches.</p>}
        </>
      )}
    </details>
  );
}
