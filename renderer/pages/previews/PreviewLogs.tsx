import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/hooks';

/** The last lines of a preview container's log, fetched on open and on Refresh. */
export function PreviewLogs({ containerId, name }: { containerId: string; name: string }) {
  const client = useApi();
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fetchLines = useCallback(
    () => client.call('preview.logs', { containerId, tail: 500 }).then((r) => r.lines),
    [client, containerId],
  );
  const show = useCallback((p: Promise<string[]>) => {
    p.then(
      (l) => {
        setLines(l);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  const load = () => show(fetchLines());

  useEffect(() => {
    show(fetchLines());
  }, [show, fetchLines]);

  return (
    <div className="preview-logs">
      <div className="row">
        <span className="muted">Last 500 lines</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={load} aria-label={`Refresh the log of ${name}`}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <pre className="preview-log-tail" role="log" aria-label={`Log of ${name}`} tabIndex={0}>
        {lines === null ? 'Loading…' : lines.length ? lines.join('\n') : 'No output yet.'}
      </pre>
    </div>
  );
}
