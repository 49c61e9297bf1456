import { useState } from 'react';
import type { PageId } from '../pages';
import { useNow } from './elapsed';
import { TaskRow } from './TaskRow';
import { useTasks } from './tasks-context';

interface Props {
  onClose(): void;
  onCancel(taskId: string): void;
  onNavigate(page: PageId): void;
}

/** Every long operation of this session: running ones first, then the finished ones, newest first. */
export function TaskCentre({ onClose, onCancel, onNavigate }: Props) {
  const tasks = useTasks();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<string | null>(null);
  const visible = tasks.filter((t) => !hidden.has(t.id));
  const running = visible.filter((t) => t.state === 'running');
  const finished = visible.filter((t) => t.state !== 'running');
  const now = useNow(running.length > 0);
  const notify = typeof Notification !== 'undefined' && Notification.permission === 'default';

  return (
    <aside id="task-centre" className="task-centre" aria-label="Tasks">
      <header className="task-centre-head">
        <h2>Tasks</h2>
        <div className="row">
          {finished.length > 0 && (
            <button
              type="button"
              className="small"
              onClick={() => setHidden(new Set([...hidden, ...finished.map((t) => t.id)]))}
            >
              Clear finished
            </button>
          )}
          <button type="button" className="icon" aria-label="Close tasks" onClick={onClose}>
            ×
          </button>
        </div>
      </header>
      {notify && (
        <button type="button" className="link" onClick={() => void Notification.requestPermission()}>
          Notify me when builds finish in the background
        </button>
      )}
      {visible.length === 0 ? (
        <p className="muted task-empty">No tasks yet. Builds, pulls and machine operations show up here.</p>
      ) : (
        <ul className="task-list">
          {[...running, ...finished].map((t) => (
            <TaskRow
              key={t.id}
              task={t}
              now={now}
              expanded={expanded === t.id}
              onToggleLog={() => setExpanded(expanded === t.id ? null : t.id)}
              onCancel={() => onCancel(t.id)}
              onNavigate={onNavigate}
            />
          ))}
        </ul>
      )}
    </aside>
  );
}
