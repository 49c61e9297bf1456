import type { Machine } from '../../../electron/shared/contract/machine';
import { formatDisk, formatMemory, modeLabel, stateLabel } from './format';

interface Props {
  machines: Machine[];
  busy: string | null;
  onStart(name: string): void;
  onStop(name: string): void;
  onRemove(machine: Machine): void;
  onSetRootless(name: string): void;
  /** What to say when there is none (default: "No Podman machine yet. Create one below."). */
  emptyText?: string | undefined;
}

/** Every machine with its state, size and mode, and the actions that make sense for it. */
export function MachineTable({ machines, busy, onStart, onStop, onRemove, onSetRootless, emptyText }: Props) {
  if (machines.length === 0) {
    return <p className="empty-state">{emptyText ?? 'No Podman machine yet. Create one below.'}</p>;
  }
  return (
    <table className="machine-table" aria-label="Podman machines">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          <th scope="col">CPUs</th>
          <th scope="col">Memory</th>
          <th scope="col">Disk</th>
          <th scope="col">Mode</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {machines.map((m) => {
          const active = m.state === 'running' || m.state === 'starting';
          const rowBusy = busy !== null && busy.endsWith(`:${m.name}`);
          return (
            <tr key={m.name} aria-label={`Machine ${m.name}`} data-state={m.state}>
              <th scope="row">
                {m.name}
                {m.default && (
                  <span className="badge" aria-label="Default machine">
                    default
                  </span>
                )}
              </th>
              <td>
                <span className={`badge state-${m.incomplete ? 'incomplete' : m.state}`}>
                  {stateLabel(m)}
                </span>
              </td>
              <td>{m.cpus ?? '—'}</td>
              <td>{formatMemory(m.memoryMiB)}</td>
              <td>{formatDisk(m.diskGiB)}</td>
              <td>
                <span
                  className={`badge ${m.rootful ? 'warn' : m.rootful === false ? 'ok' : ''}`}
                  title={m.rootful ? 'Containers run as root inside the VM' : undefined}
                >
                  {modeLabel(m.rootful)}
                </span>
              </td>
              <td className="row-actions">
                {m.incomplete ? (
                  <button
                    type="button"
                    aria-label={`Clean up ${m.name}`}
                    disabled={rowBusy}
                    onClick={() => onRemove(m)}
                  >
                    Clean up
                  </button>
                ) : (
                  <>
                    {active ? (
                      <button
                        type="button"
                        aria-label={`Stop ${m.name}`}
                        disabled={rowBusy}
                        onClick={() => onStop(m.name)}
                      >
                        Stop
                      </button>
                    ) : (
                      <button
                        type="button"
                        aria-label={`Start ${m.name}`}
                        disabled={rowBusy}
                        onClick={() => onStart(m.name)}
                      >
                        Start
                      </button>
                    )}
                    {m.rootful && (
                      <button
                        type="button"
                        aria-label={`Set ${m.name} rootless`}
                        disabled={rowBusy}
                        onClick={() => onSetRootless(m.name)}
                      >
                        Set rootless
                      </button>
                    )}
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${m.name}`}
                      disabled={rowBusy}
                      onClick={() => onRemove(m)}
                    >
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
