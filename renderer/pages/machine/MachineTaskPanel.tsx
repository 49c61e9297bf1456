import { useId } from 'react';
import type { TaskInfo } from '../../../electron/shared/contract/tasks';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LogViewer } from '../../components/log-viewer';
import { ProgressBar } from '../../components/ProgressBar';
import { formatElapsed, useNow } from '../../shell/elapsed';
import { useTaskLog } from '../../shell/tasks-context';

const STATE_TEXT: Record<TaskInfo['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Live output, progress, elapsed time, Cancel and the diagnosis of the latest machine task. */
export function MachineTaskPanel({ task }: { task: TaskInfo }) {
  const client = useApi();
  const id = useId();
  const running = task.state === 'running';
  const now = useNow(running);
  const log = useTaskLog(task.id);
  // `now` may predate the task by up to a tick: never show a negative ("0 s") time.
  const elapsed = (task.endedAt ?? Math.max(now, task.startedAt)) - task.startedAt;

  return (
    <section className="machine-task" aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`}>{task.title}</h2>
        <span
          className={`badge task-${task.state}`}
          role="status"
          aria-label={`${task.title}: ${STATE_TEXT[task.state]}`}
        >
          {STATE_TEXT[task.state]}
        </span>
        <span aria-label="Elapsed time">{formatElapsed(elapsed)}</span>
        {running && task.cancellable && (
          <button
            type="button"
            aria-label={`Cancel ${task.title}`}
            onClick={() => void client.call('tasks.cancel', { taskId: task.id })}
          >
            Cancel
          </button>
        )}
      </header>
      {running && (
        <>
          <ProgressBar value={task.progress} label={`${task.title} progress`} />
          {task.step && <p aria-live="polite">{task.step}</p>}
        </>
      )}
      {task.error && <ErrorNotice error={task.error} />}
      {log && (
        <LogViewer
          buffer={log}
          label={`${task.title} output`}
          fileName={`${task.kind}.log`}
          emptyText="No output yet."
        />
      )}
    </section>
  );
}
