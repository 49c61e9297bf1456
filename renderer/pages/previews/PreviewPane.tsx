import { useState } from 'react';
import type { PreviewInfo } from '../../../electron/shared/contract/preview';

/**
 * The page in the app. Sandboxed without allow-same-origin: the page may run its scripts and forms but
 * gets an opaque origin (no cookies or storage, no access to the app), cannot open popups or navigate
 * the app, and the CSP's frame-src keeps the frame itself on localhost.
 */
export function PreviewPane({ preview, onClose }: { preview: PreviewInfo; onClose(): void }) {
  const [reloads, setReloads] = useState(0);
  const url = preview.url!;
  return (
    <section className="preview-pane" aria-label={`In-app preview of ${url}`}>
      <div className="row">
        <strong>{url}</strong>
        <span className="muted">{preview.image}</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => setReloads((n) => n + 1)}>
          Reload
        </button>
        <button type="button" className="small" onClick={onClose} aria-label="Close the in-app preview">
          Close
        </button>
      </div>
      <iframe
        key={`${url}#${reloads}`}
        title={`Preview of ${preview.image}`}
        src={url}
        sandbox="allow-scripts allow-forms"
        referrerPolicy="no-referrer"
      />
    </section>
  );
}
