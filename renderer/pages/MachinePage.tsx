import { useEffect, useState, type ReactNode } from 'react';
import type { Machine, MachineInitParams } from '../../electron/shared/contract/machine';
import { useApi, useSticky } from '../api/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useTasks } from '../shell/tasks-context';
import { CreateMachineForm } from './machine/CreateMachineForm';
import { MachineTable } from './machine/MachineTable';
import { MachineTaskPanel } from './machine/MachineTaskPanel';
import { NativeServicePanel } from './machine/NativeServicePanel';
import { useMachineActions } from './machine/use-machine-actions';
import './machine/machine.css';

type Pending = { kind: 'remove'; machine: Machine } | { kind: 'rootless'; name: string } | null;

/** The Podman machine: list, create (rootless, clamped defaults), start, stop, remove, switch to rootless. */
export default function MachinePage() {
  const client = useApi();
  const list = useSticky('machine.list');
  const { run, busy, error, clearError } = useMachineActions();
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState<boolean | null>(null);
  // Only tasks of this visit (or still running): an old failure, e.g. of a machine removed since, is
  // history for the task centre, not a banner here.
  const [shownSince, setShownSince] = useState(() => Date.now());
  const latest = useTasks().find((t) => t.page === 'machine' && t.kind.startsWith('machine.'));
  const task =
    latest && (latest.state === 'running' || (latest.endedAt ?? 0) >= shownSince) ? latest : undefined;

  // A notice ("Removed m1.") is about the last action: it goes after a while, or when the next one starts.
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 8_000);
    return () => clearTimeout(t);
  }, [notice]);

  useEffect(() => {
    void client.call('machine.list', {}).catch(() => undefined);
  }, [client]);

  // A finished init or start changes the machines: read them again.
  const taskState = task?.state;
  useEffect(() => {
    if (taskState && taskState !== 'running') void client.call('machine.list', {}).catch(() => undefined);
  }, [client, taskState]);

  const machines = list?.machines ?? [];
  const rootful = machines.filter((m) => m.rootful === true && !m.incomplete);

  const create = (params: MachineInitParams) => void run('create', 'machine.init', params);
  const confirm = async () => {
    const p = pending;
    setPending(null);
    if (!p) return;
    setNotice(null);
    if (p.kind === 'remove') {
      if (await run(`remove:${p.machine.name}`, 'machine.remove', { name: p.machine.name })) {
        setNotice(`Removed ${p.machine.name}.`);
        setShownSince(Date.now()); // the removed machine's last task is not shown any more
      }
    } else {
      const r = await run(`rootless:${p.name}`, 'machine.setRootless', { name: p.name });
      if (r) {
        setNotice(
          r.restartNeeded
            ? `${p.name} is set to rootless. Stop and start it for the change to apply.`
            : `${p.name} is rootless now.`,
        );
      }
    }
  };

  const machinesPart: ReactNode = (
    <>
      {rootful.map((m) => (
        <div key={m.name} className="notice warning" role="alert" aria-label={`${m.name} is rootful`}>
          <div>
            <strong>{m.name} is rootful: containers run as root inside the VM.</strong>
            <p>
              Kaniko Desktop is meant for rootless Podman. Switching keeps this machine but not its images.
            </p>
          </div>
          <button type="button" onClick={() => setPending({ kind: 'rootless', name: m.name })}>
            Switch {m.name} to rootless
          </button>
        </div>
      ))}

      <MachineTable
        machines={machines}
        emptyText={list?.native ? 'No Podman machine: none is needed on Linux.' : undefined}
        busy={busy}
        onStart={(name) => void run(`start:${name}`, 'machine.start', { name })}
        onStop={(name) => void run(`stop:${name}`, 'machine.stop', { name })}
        onRemove={(machine) => setPending({ kind: 'remove', machine })}
        onSetRootless={(name) => setPending({ kind: 'rootless', name })}
      />

      <CreateMachineForm
        busy={busy === 'create' || task?.state === 'running'}
        error={error}
        onCreate={(p) => {
          setNotice(null);
          create(p);
        }}
      />
    </>
  );

  return (
    <div className="page machine-page">
      <header className="page-header">
        <button
          type="button"
          aria-label="Refresh machines"
          onClick={() => void run('refresh', 'machine.list', {})}
        >
          Refresh
        </button>
      </header>

      {list?.error && <ErrorNotice error={list.error} />}
      <ErrorNotice error={error} onDismiss={clearError} />
      {notice && (
        <p className="notice info" role="status">
          {notice}
        </p>
      )}

      {list?.native && (
        <NativeServicePanel
          native={list.native}
          busy={busy === 'native'}
          onStart={() => void run('native', 'machine.startNativeService', {})}
        />
      )}

      {task && <MachineTaskPanel key={task.id} task={task} />}

      {list?.native ? (
        <details
          className="machine-advanced"
          open={advancedOpen ?? (machines.length > 0 || task !== undefined)}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
        >
          <summary>Advanced: run Podman in a machine (a VM) instead</summary>
          <p className="muted">
            Only useful to match a macOS or Windows setup, or to keep builds apart from this computer&apos;s
            own containers. Builds run on the service above without one.
          </p>
          {machinesPart}
        </details>
      ) : (
        machinesPart
      )}

      <ConfirmDialog
        open={pending?.kind === 'remove'}
        title={pending?.kind === 'remove' ? `Remove ${pending.machine.name}?` : 'Remove machine?'}
        confirmLabel="Remove machine"
        cancelLabel="Keep it"
        danger
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      >
        <p>The VM is stopped and deleted with its disk: every image and container inside it is lost.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'rootless'}
        title={pending?.kind === 'rootless' ? `Switch ${pending.name} to rootless?` : 'Switch to rootless?'}
        confirmLabel="Switch to rootless"
        cancelLabel="Keep rootful"
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      >
        <p>
          Rootful and rootless Podman keep separate image storage: images pulled or built in rootful mode do
          not carry over. A running machine applies the change after a restart.
        </p>
      </ConfirmDialog>
    </div>
  );
}
