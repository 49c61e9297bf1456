import type { BrowserWindow } from 'electron';
import type { App } from '../app/create-app';
import type { PlatformAdapters } from '../app/adapters';
import type { TaskInfo } from '../shared/contract/tasks';

const NOTIFY_KINDS = /^(build|machine\.|kubernetes\.)/;

/** A native notification when a build or machine task ends while the window is not focused. */
export function notifyTaskEnds(
  app: Pick<App, 'hub'>,
  win: BrowserWindow,
  notify: PlatformAdapters['notify'],
): () => void {
  if (!notify) return () => undefined;
  const subscription = app.hub.subscribe((msg) => {
    if (msg.event !== 'tasks.updated') return;
    const task = msg.payload as TaskInfo;
    if (task.state === 'running' || !NOTIFY_KINDS.test(task.kind)) return;
    if (win.isDestroyed() || win.isFocused()) return;
    const outcome =
      task.state === 'succeeded' ? 'finished' : task.state === 'cancelled' ? 'was cancelled' : 'failed';
    notify(`${task.title} ${outcome}`, task.error?.message ?? 'Kaniko Desktop');
  });
  subscription.ready();
  return () => subscription.close();
}
