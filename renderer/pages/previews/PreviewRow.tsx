import { useState } from 'react';
import type { PreviewInfo } from '../../../electron/shared/contract/preview';
import { PreviewLogs } from './PreviewLogs';

interface Props {
  preview: PreviewInfo;
  shown: boolean;
  busy: boolean;
  onShow(): void;
  onOpen(): void;
  onPin(pinned: boolean): void;
  onStop(): void;
}

/** One preview: where it serves, its state, and its actions. */
export function PreviewRow({ preview: p, shown, busy, onShow, onOpen, onPin, onStop }: Props) {
  const [logsOpen, setLogsOpen] = useState(false);
  const running = p.state === 'running' && p.url !== null;
  return (
    <li className="preview-row" aria-label={`Preview of ${p.image}`}>
      <div className="row">
        <div className="preview-main">
          <div className="preview-image" title={p.image}>
            {p.image}
          </div>
          <div className="muted">
            {running ? (
              <a href={p.url!} target="_blank" rel="noopener noreferrer">
                {p.url}
              </a>
            ) : (
              'not serving'
            )}{' '}
            → container port {p.containerPort ?? '?'} · {p.status} · {p.name}
          </div>
        </div>
        <span className={`badge ${running ? 'state-running' : 'state-failed'}`}>{p.state}</span>
        {p.pinned && <span className="badge">pinned</span>}
        <div className="row preview-actions">
          <button type="button" className="small" disabled={!running} aria-pressed={shown} onClick={onShow}>
            {shown ? 'Shown below' : 'Show here'}
          </button>
          <button
            type="button"
            className="small"
            disabled={!running}
            onClick={onOpen}
            aria-label={`Open in browser: ${p.url ?? p.image}`}
          >
            Open in browser
          </button>
          <button
            type="button"
            className="small"
            aria-expanded={logsOpen}
            onClick={() => setLogsOpen((v) => !v)}
            aria-label={`Logs of ${p.name}`}
          >
            Logs
          </button>
          <button
            type="button"
            className="small"
            aria-pressed={p.pinned}
            disabled={busy}
            title="Pinned previews keep running when the app quits"
            onClick={() => onPin(!p.pinned)}
            aria-label={p.pinned ? `Unpin ${p.name}` : `Pin ${p.name} (keep running after quit)`}
          >
            {p.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button
            type="button"
            className="small danger"
            disabled={busy}
            onClick={onStop}
            aria-label={`Stop ${p.name}`}
          >
            Stop
          </button>
        </div>
      </div>
      {logsOpen && <PreviewLogs containerId={p.containerId} name={p.name} />}
    </li>
  );
}
