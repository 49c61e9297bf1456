import { useState } from 'react';
import { useApi, useConnected, useConnectionProblem, useSticky } from '../api/hooks';
import { engineSummary } from './engine-text';
import { useTasks } from './tasks-context';

interface Props {
  taskCentreOpen: boolean;
  onToggleTaskCentre(): void;
}

/** Engine state (version, rootless/rootful, socket), machine, connection and running tasks. */
export function StatusBar({ taskCentreOpen, onToggleTaskCentre }: Props) {
  const api = useApi();
  const engine = useSticky('engine.status');
  const machines = useSticky('machine.list');
  const connected = useConnected();
  const problem = useConnectionProblem();
  const tasks = useTasks();
  const [reconnecting, setReconnecting] = useState(false);
  const running = tasks.filter((t) => t.state === 'running').length;
  const state = engine?.state ?? 'connecting';
  const machine = machines?.machines.find((m) => m.default) ?? machines?.machines[0];

  const reconnect = () => {
    setReconnecting(true);
    api
      .call('engine.reconnect', {})
      .catch(() => undefined)
      .finally(() => setReconnecting(false));
  };

  return (
    <footer className="status-bar">
      <div
        className={`engine-status ${state}`}
        role="status"
        aria-label="Engine"
        title={engine?.hint ?? undefined}
      >
        <span className="dot" aria-hidden="true" />
        {state === 'connected' ? (
          <>
            <span className="engine-summary">Podman {engine?.podmanVersion ?? '(unknown version)'}</span>
            {engine?.rootless !== undefined && (
              <>
                <span className="visually-hidden"> · </span>
                <span className={`badge ${engine.rootless ? 'ok' : 'warn'}`}>
                  {engine.rootless ? 'rootless' : 'rootful'}
                </span>
              </>
            )}
          </>
        ) : (
          <span className="engine-summary">{engineSummary(engine)}</span>
        )}
        {state === 'connected' && engine?.socketPath && (
          <span className="muted socket">{engine.socketPath}</span>
        )}
        {state === 'disconnected' && engine?.hint && <span className="muted hint">{engine.hint}</span>}
      </div>
      {state !== 'connected' && (
        <button type="button" className="small" onClick={reconnect} disabled={reconnecting}>
          {reconnecting ? 'Reconnecting…' : 'Reconnect'}
        </button>
      )}
      {machine && (
        <span className="status-item" aria-label="Machine">
          Machine {machine.name}: {machine.state}
        </span>
      )}
      {!connected && (
        <span className="status-item warn" role="alert">
          {problem === 'token-rejected'
            ? 'Not connected: this address is out of date'
            : 'Lost the connection to the app; retrying…'}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className={`small tasks-toggle${running ? ' busy' : ''}`}
        aria-expanded={taskCentreOpen}
        aria-controls="task-centre"
        onClick={onToggleTaskCentre}
      >
        {running ? <span className="spinner" aria-hidden="true" /> : null}
        {running === 0 ? 'No tasks running' : running === 1 ? '1 task running' : `${running} tasks running`}
      </button>
    </footer>
  );
}
