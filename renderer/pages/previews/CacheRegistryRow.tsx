import { useState } from 'react';
import type { PreviewInfo } from '../../../electron/shared/contract/preview';
import { PreviewLogs } from './PreviewLogs';

interface Props {
  registry: PreviewInfo;
  busy: boolean;
  onRemove(): void;
}

/** The app's layer cache registry: where it listens, its state, its log, and Remove (drops the cache). */
export function CacheRegistryRow({ registry: r, busy, onRemove }: Props) {
  const [logsOpen, setLogsOpen] = useState(false);
  const running = r.state === 'running';
  return (
    <li className="preview-row" aria-label="Layer cache registry">
      <div className="row">
        <div className="preview-main">
          <div className="preview-image" title={r.image}>
            Layer cache registry <span className="muted">({r.image})</span>
          </div>
          <div className="muted">
            {r.hostPort !== null ? `127.0.0.1:${r.hostPort}` : 'no port'} · builds with Cache use it ·{' '}
            {r.status} · {r.name}
          </div>
        </div>
        <span className={`badge ${running ? 'state-running' : 'state-failed'}`}>{r.state}</span>
        <div className="row preview-actions">
          <button
            type="button"
            className="small"
            aria-expanded={logsOpen}
            onClick={() => setLogsOpen((v) => !v)}
            aria-label={`Logs of ${r.name}`}
          >
            Logs
          </button>
          <button
            type="button"
            className="small danger"
            disabled={busy}
            onClick={onRemove}
            aria-label="Remove the layer cache registry"
          >
            Remove
          </button>
        </div>
      </div>
      {logsOpen && <PreviewLogs containerId={r.containerId} name={r.name} />}
    </li>
  );
}
