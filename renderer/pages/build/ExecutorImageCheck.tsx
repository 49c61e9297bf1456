import { useEffect, useId, useState } from 'react';
import type { Result } from '../../../electron/shared/contract';
import { ApiError } from '../../api/client';
import { useApi, useSticky } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldError } from '../../components/FieldError';
import { ProgressBar } from '../../components/ProgressBar';
import { useTask } from '../../shell/tasks-context';

type Status = Result<'build.executorImage'>;

/**
 * Before the first build: is the executor image from Settings in Podman's storage? If not, say so and
 * offer to pull it now or load it from an archive file (machines without a reachable registry).
 * Shows nothing while the image is present or the engine cannot be asked.
 */
export function ExecutorImageCheck({ recheck }: { recheck: unknown }) {
  const client = useApi();
  const id = useId();
  const image = useSticky('settings.changed')?.executorImage;
  // Asked again once the engine answers (at start-up the page may open before it connects).
  const engineState = useSticky('engine.status')?.state;
  const [status, setStatus] = useState<Status | null>(null);
  const [pullTaskId, setPullTaskId] = useState<string | null>(null);
  const pull = useTask(pullTaskId);
  const [path, setPath] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadedText, setLoadedText] = useState<string | null>(null);
  const pullEnded = pull?.state;

  useEffect(() => {
    let stale = false;
    client.call('build.executorImage', {}).then(
      (s) => !stale && setStatus(s),
      () => !stale && setStatus(null),
    );
    return () => {
      stale = true;
    };
  }, [client, image, recheck, pullEnded, engineState]);

  const doneText = pullEnded === 'succeeded' ? 'Pulled. Builds can start at once.' : loadedText;
  if (doneText && status?.present)
    return (
      <p className="notice success" role="status">
        {doneText}
      </p>
    );
  if (!status || status.present) return null;

  const pulling = pull?.state === 'running';
  const startPull = () => {
    setError(null);
    client.call('build.executorPull', {}).then(
      (r) => setPullTaskId(r.taskId),
      (err: unknown) => setError(err instanceof ApiError ? err : null),
    );
  };
  const load = () => {
    setError(null);
    setLoading(true);
    client.call('build.executorLoad', { path }).then(
      (r) => {
        setLoading(false);
        setLoadedText(`Loaded ${r.loaded.join(', ') || r.image}. Builds can start at once.`);
        setStatus(r);
      },
      (err: unknown) => {
        setLoading(false);
        setError(err instanceof ApiError ? err : null);
      },
    );
  };
  const pathError = error?.fields?.path;
  return (
    <section className="notice warning executor-check" aria-labelledby={`${id}-title`}>
      <div>
        <strong id={`${id}-title`}>The executor image is not in Podman&apos;s storage yet</strong>
        <p>
          <code>{status.image}</code> runs every build. The first build pulls it; pull it now, or load it from
          an archive file (<code>podman save</code> output) where no registry can be reached.
        </p>
        <div className="row">
          <button type="button" className="button" onClick={startPull} disabled={pulling || loading}>
            {pulling ? 'Pulling…' : 'Pull now'}
          </button>
          {pulling && <ProgressBar value={pull?.progress ?? null} label="Executor image pull" />}
        </div>
        {pull?.state === 'failed' && pull.error && <ErrorNotice error={pull.error} />}
        <div className="executor-load">
          <label htmlFor={`${id}-path`}>Image archive file</label>
          <div className="row">
            <input
              id={`${id}-path`}
              value={path}
              placeholder="/home/me/kaniko-executor.tar"
              aria-invalid={pathError ? true : undefined}
              aria-describedby={`${id}-path-error`}
              onChange={(e) => setPath(e.target.value)}
            />
            <button type="button" className="button" onClick={load} disabled={loading || pulling || !path}>
              {loading ? 'Loading…' : 'Load'}
            </button>
          </div>
          <FieldError id={`${id}-path-error`} message={pathError} />
        </div>
        {error && !pathError && <ErrorNotice error={error} />}
      </div>
    </section>
  );
}
