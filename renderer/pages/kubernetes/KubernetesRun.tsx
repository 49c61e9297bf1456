import { useEffect, useId, useMemo, useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import type { EventPayload } from '../../../electron/shared/contract';
import type { DockerfileStage } from '../../../electron/shared/contract/build';
import { splitLogText } from '../../../electron/shared/contract/tasks';
import { useApi, useEvent } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LogBuffer, LogViewer } from '../../components/log-viewer';
import { DockerfileStages } from '../build/stages/DockerfileStages';
import { toFailure, type Failure } from './failure';

interface Props {
  build: BuildRequestInput;
  context: { kind: 'archive' } | { kind: 'git'; url: string };
  namespace: string;
}

interface Contexts {
  current: string | null;
  contexts: { name: string; server: string | null; namespace: string | null }[];
}

/** Picks a kubeconfig context and runs the build there as a task, with its log and result. */
export function KubernetesRun({ build, context, namespace }: Props) {
  const client = useApi();
  const id = useId();
  const [kubeconfigPath, setKubeconfigPath] = useState('');
  const [contexts, setContexts] = useState<Contexts | null>(null);
  const [kubeContext, setKubeContext] = useState('');
  const [taskId, setTaskId] = useState<string | null>(null);
  const [state, setState] = useState<string>('');
  const [result, setResult] = useState<EventPayload<'kubernetes.run.finished'> | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const buffer = useMemo(() => new LogBuffer(), []);
  const [stages, setStages] = useState<DockerfileStage[]>([]);

  useEffect(() => {
    client.call('kubernetes.contexts', { kubeconfigPath }).then(
      (c) => {
        setContexts(c);
        setKubeContext((prev) => prev || c.current || c.contexts[0]?.name || '');
        setError(null);
      },
      (err: unknown) => {
        setContexts(null);
        setKubeContext('');
        setError(toFailure(err));
      },
    );
  }, [client, kubeconfigPath]);

  useEvent('tasks.log', (batch) => {
    if (batch.taskId === taskId) buffer.append(splitLogText(batch.text, batch.count));
  });
  useEvent('tasks.updated', (t) => {
    if (t.id !== taskId) return;
    setState(t.step ? `${t.state}: ${t.step}` : t.state);
    if (t.error) setError({ message: t.error.message, hint: t.error.hint });
  });
  useEvent('kubernetes.run.stages', (p) => {
    if (p.taskId === taskId) setStages(p.dockerfileStages);
  });
  useEvent('kubernetes.run.finished', (r) => {
    if (r.taskId === taskId) setResult(r);
  });

  const start = async () => {
    buffer.reset();
    setResult(null);
    setStages([]);
    try {
      const { taskId: id } = await client.call('kubernetes.run', {
        build,
        context,
        namespace,
        kubeconfigPath,
        kubeContext,
      });
      setTaskId(id);
      setError(null);
    } catch (err) {
      setError(toFailure(err));
    }
  };

  const running = state.startsWith('running');
  const listed = contexts?.contexts ?? [];
  return (
    <section aria-labelledby="k8s-run-title" className="k8s-run">
      <h2 id="k8s-run-title">Run on a cluster</h2>
      <div className="form-grid">
        <label htmlFor={`${id}-kubeconfig`}>Kubeconfig file</label>
        <div>
          <input
            id={`${id}-kubeconfig`}
            type="text"
            value={kubeconfigPath}
            placeholder="$KUBECONFIG or ~/.kube/config"
            spellCheck={false}
            onChange={(e) => setKubeconfigPath(e.target.value)}
          />
          <button
            type="button"
            className="button small"
            onClick={() =>
              void client.call('kubernetes.pickKubeconfig', {}).then(
                (r) => r.path && setKubeconfigPath(r.path),
                (err: unknown) => setError(toFailure(err)),
              )
            }
          >
            Choose…
          </button>
          <p className="muted">
            Empty = $KUBECONFIG or ~/.kube/config; others: a file in ~/.kube, or Choose….
          </p>
        </div>
        <label htmlFor={`${id}-context`}>Context</label>
        <div>
          <select
            id={`${id}-context`}
            value={kubeContext}
            disabled={listed.length === 0}
            onChange={(e) => setKubeContext(e.target.value)}
          >
            {listed.length === 0 && <option value="">No kubeconfig contexts</option>}
            {listed.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {c.server ? ` (${c.server})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button
            type="button"
            className="button primary"
            disabled={!kubeContext || listed.length === 0 || running}
            onClick={() => void start()}
          >
            Build on cluster
          </button>
          {taskId && running && (
            <button
              type="button"
              className="button"
              onClick={() => void client.call('tasks.cancel', { taskId })}
            >
              Cancel
            </button>
          )}
        </div>
      </div>
      {state && <p role="status">{state}</p>}
      {result?.ok && (
        <p role="status">
          Pushed {result.pushed.join(', ')} {result.digest && <code>{result.digest}</code>}
        </p>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <DockerfileStages stages={stages} running={running} label="Cluster build stages" />
      <LogViewer buffer={buffer} label="Cluster build log" fileName="cluster-build.log" />
    </section>
  );
}
