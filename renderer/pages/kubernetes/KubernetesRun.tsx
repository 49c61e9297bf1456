import { useEffect, useMemo, useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import type { EventPayload } from '../../../electron/shared/contract';
import { splitLogText } from '../../../electron/shared/contract/tasks';
import { useApi, useEvent } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LogBuffer, LogViewer } from '../../components/log-viewer';
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
  const [kubeconfigPath, setKubeconfigPath] = useState('');
  const [contexts, setContexts] = useState<Contexts | null>(null);
  const [kubeContext, setKubeContext] = useState('');
  const [taskId, setTaskId] = useState<string | null>(null);
  const [state, setState] = useState<string>('');
  const [result, setResult] = useState<EventPayload<'kubernetes.run.finished'> | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const buffer = useMemo(() => new LogBuffer(), []);

  useEffect(() => {
    client.call('kubernetes.contexts', { kubeconfigPath }).then(
      (c) => {
        setContexts(c);
        setKubeContext((prev) => prev || c.current || c.contexts[0]?.name || '');
        setError(null);
      },
      (err: unknown) => {
        setContexts(null);
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
  useEvent('kubernetes.run.finished', (r) => {
    if (r.taskId === taskId) setResult(r);
  });

  const start = async () => {
    buffer.reset();
    setResult(null);
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
  return (
    <section aria-labelledby="k8s-run-title">
      <h2 id="k8s-run-title">Run on a cluster</h2>
      <label>
        Kubeconfig file (empty = $KUBECONFIG or ~/.kube/config; others: a file in ~/.kube, or Choose…)
        <input value={kubeconfigPath} onChange={(e) => setKubeconfigPath(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          void client.call('kubernetes.pickKubeconfig', {}).then(
            (r) => r.path && setKubeconfigPath(r.path),
            (err: unknown) => setError(toFailure(err)),
          )
        }
      >
        Choose…
      </button>
      <label>
        Context
        <select value={kubeContext} onChange={(e) => setKubeContext(e.target.value)}>
          {(contexts?.contexts ?? []).map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.server ? ` (${c.server})` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!kubeContext || running} onClick={() => void start()}>
        Build on cluster
      </button>
      {taskId && running && (
        <button type="button" onClick={() => void client.call('tasks.cancel', { taskId })}>
          Cancel
        </button>
      )}
      {state && <p role="status">{state}</p>}
      {result?.ok && (
        <p role="status">
          Pushed {result.pushed.join(', ')} {result.digest && <code>{result.digest}</code>}
        </p>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <LogViewer buffer={buffer} label="Cluster build log" fileName="cluster-build.log" />
    </section>
  );
}
