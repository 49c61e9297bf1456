import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DockerfileStage, HistoryEntry } from '../../electron/shared/contract/build';
import { ApiError } from '../api/client';
import { useApi, useEvent } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { LogBuffer, LogViewer } from '../components/log-viewer';
import { ComparePanel } from './compare/ComparePanel';
import { RunPreviewButton } from './previews/RunPreviewButton';
import { DockerfileStages } from './build/stages/DockerfileStages';
import { CacheSummaryLine } from './build/CacheSummaryLine';
import { FailedStep } from './build/stages/FailedStep';
import './build/build.css';
import './history/history.css';

const RESULT_TEXT: Record<HistoryEntry['result'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** Every build: reference, result, digest, duration, capabilities, and its full log. */
export default function HistoryPage() {
  const client = useApi();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);
  const log = useMemo(() => new LogBuffer(), []);
  const [stages, setStages] = useState<DockerfileStage[]>([]);
  const detailsRef = useRef<HTMLElement>(null);

  const refresh = useCallback(() => {
    client
      .call('history.list', {})
      .then(setEntries, (err: unknown) => setError(err instanceof ApiError ? err : { message: String(err) }));
  }, [client]);
  useEffect(refresh, [refresh]);
  useEvent('build.finished', refresh);
  useEvent('build.compared', refresh);

  useEffect(() => {
    if (!selected) return;
    detailsRef.current?.scrollIntoView({ block: 'nearest' });
    let stale = false;
    log.reset();
    client.call('history.get', { buildId: selected }).then(
      (e) => {
        if (stale) return;
        log.reset(e.log);
        setStages(e.dockerfileStages);
      },
      (err: unknown) => setError(err instanceof ApiError ? err : { message: String(err) }),
    );
    return () => {
      stale = true;
    };
  }, [client, log, selected]);

  const remove = async (buildId: string) => {
    try {
      await client.call('history.delete', { buildId });
      if (selected === buildId) setSelected(null);
      refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err : { message: String(err) });
    }
  };

  const current = entries?.find((e) => e.buildId === selected) ?? null;
  return (
    <div className="history-page">
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <div className="empty-state">
          <h2>No builds yet</h2>
          <p>Builds appear here with their result, digest and full log.</p>
        </div>
      ) : (
        <table className="build-caps-table" aria-label="Build history">
          <thead>
            <tr>
              <th scope="col">Image</th>
              <th scope="col">Result</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Digest</th>
              <th scope="col">Capabilities</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.buildId} aria-selected={e.buildId === selected}>
                <td>
                  {e.destinations.join(', ') || '(unknown)'}
                  {e.mode === 'local' ? ' (local)' : ''}
                </td>
                <td>
                  <span className={`badge state-${e.result}`}>{RESULT_TEXT[e.result]}</span>
                  {e.error && <div className="muted small">{e.error.message}</div>}
                  {e.comparison && (
                    <div className="muted small">
                      {e.comparison.reproducible ? 'Reproducible' : 'Not reproducible'}
                    </div>
                  )}
                </td>
                <td>{when(e.startedAt)}</td>
                <td>{e.durationMs === null ? '—' : `${(e.durationMs / 1000).toFixed(1)} s`}</td>
                <td>
                  <code className="small">{e.digest ? `${e.digest.slice(0, 19)}…` : '—'}</code>
                </td>
                <td className="small">{e.capabilities.join(', ')}</td>
                <td>
                  <div className="row">
                    <button
                      type="button"
                      className="small"
                      onClick={() => setSelected(e.buildId)}
                      aria-label={`Show the log of ${e.destinations[0] ?? 'this build'}`}
                    >
                      Log
                    </button>
                    {e.result !== 'running' && (
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => void remove(e.buildId)}
                        aria-label={`Delete ${e.destinations[0] ?? 'this build'} from history`}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && (
        <section aria-label="Build details" className="history-details" ref={detailsRef}>
          <h3>{current.destinations.join(', ')}</h3>
          {current.failure && <FailedStep failure={current.failure} />}
          <CacheSummaryLine cache={current.cache} />
          <DockerfileStages
            key={current.buildId}
            stages={stages}
            running={false}
            label="Dockerfile stages of this build"
          />
          {current.result === 'succeeded' && (current.loadedImages[0] ?? current.destinations[0]) && (
            <RunPreviewButton image={current.loadedImages[0] ?? current.destinations[0] ?? ''} />
          )}
          {current.result === 'succeeded' && (
            <ComparePanel
              key={`compare-${current.buildId}`}
              buildId={current.buildId}
              stored={current.comparison}
            />
          )}
          <LogViewer buffer={log} label="Build log" fileName={`build-${current.buildId}.log`} />
        </section>
      )}
    </div>
  );
}
