import type { TaskInfo } from '../../electron/shared/contract/tasks';
import { LogViewer } from '../components/log-viewer/LogViewer';
import { ProgressBar } from '../components/ProgressBar';
import { pages, type PageId } from '../pages';
import { formatElapsed } from './elapsed';
import { pageHref } from './navigation';
import { useTaskLog } from './tasks-context';

interface Props {
  task: TaskInfo;
  now: number;
  expanded: boolean;
  onToggleLog(): void;
  onCancel(): void;
  onNavigate(page: PageId): void;
}

const STATE_LABEL: Record<TaskInfo['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function TaskLog({ taskId, title }: { taskId: string; title: string }) {
  const log = useTaskLog(taskId);
  if (!log) return null;
  return (
    <div className="task-log">
      <LogViewer buffer={log} label={`${title} log`} fileName={`${title.replace(/[^\w.-]+/g, '-')}.log`} />
    </div>
  );
}

/** One task in the task centre: state, progress, step, elapsed time, Cancel, its page, its log. */
export function TaskRow({ task, now, expanded, onToggleLog, onCancel, onNavigate }: Props) {
  const elapsed = (task.endedAt ?? Math.max(now, task.startedAt)) - task.startedAt;
  const pageLabel = pages.find((p) => p.id === task.page)?.label ?? task.page;
  return (
    <li className={`task ${task.state}`} aria-label={task.title}>
      <div className="task-head">
        <span className={`badge state-${task.state}`}>{STATE_LABEL[task.state]}</span>
        <strong className="task-title">{task.title}</strong>
        <span className="task-elapsed" aria-label="Elapsed time">
          {formatElapsed(elapsed)}
        </span>
      </div>
      {task.state === 'running' && <ProgressBar value={task.progress} label={`${task.title} progress`} />}
      <div className="task-step">
        {task.state === 'failed'
          ? (task.error?.message ?? 'Failed')
          : (task.step ?? (task.state === 'running' ? 'Working…' : ''))}
      </div>
      {task.state === 'failed' && task.error?.hint && <div className="task-hint">{task.error.hint}</div>}
      <div className="task-actions">
        <a
          href={pageHref(task.page)}
          onClick={(e) => {
            e.preventDefault();
            onNavigate(task.page);
          }}
        >
          Open {pageLabel}
        </a>
        <button type="button" className="small" aria-expanded={expanded} onClick={onToggleLog}>
          {expanded ? 'Hide log' : 'Show log'}
        </button>
        {task.state === 'running' && task.cancellable && (
          <button
            type="button"
            className="small danger"
            aria-label={`Cancel ${task.title}`}
            onClick={onCancel}
          >
            Cancel
          </button>
        )}
      </div>
      {expanded && <TaskLog taskId={task.id} title={task.title} />}
    </li>
  );
}
