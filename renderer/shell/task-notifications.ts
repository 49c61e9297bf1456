import { useEffect } from 'react';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import { useApi } from '../api/hooks';
import type { PageId } from '../pages';
import { useTaskStore } from './tasks-context';
import { useToast } from './toasts';

/** Builds and machine operations are worth telling about; quick chores are not. */
export const isNotable = (t: TaskInfo) =>
  t.page === 'build' || t.page === 'machine' || /^(build|machine)/.test(t.kind);

export function endMessage(t: TaskInfo): { title: string; body: string } {
  const elapsed = t.endedAt ? ` in ${Math.max(1, Math.round((t.endedAt - t.startedAt) / 1000))} s` : '';
  if (t.state === 'succeeded') return { title: `${t.title} finished`, body: `Done${elapsed}.` };
  if (t.state === 'cancelled') return { title: `${t.title} was cancelled`, body: `Stopped${elapsed}.` };
  return { title: `${t.title} failed`, body: t.error?.message ?? 'See the log for details.' };
}

/**
 * When a build or machine task ends: a toast in the window, and a system notification if the window is
 * not focused (browser Notification API in browser mode; the desktop app's main process notifies natively).
 */
export function useTaskEndNotifications(navigate: (page: PageId) => void): void {
  const store = useTaskStore();
  const push = useToast();
  const api = useApi();
  useEffect(
    () =>
      store.onTaskEnded((t) => {
        if (!isNotable(t)) return;
        const { title, body } = endMessage(t);
        push({
          tone: t.state === 'succeeded' ? 'success' : t.state === 'failed' ? 'error' : 'info',
          title,
          body,
          action: { label: 'Open', run: () => navigate(t.page) },
        });
        const canNotify =
          api.kind === 'browser' && 'Notification' in window && Notification.permission === 'granted';
        if (!document.hasFocus() && canNotify) {
          const n = new Notification(title, { body, tag: t.id });
          n.onclick = () => {
            window.focus();
            navigate(t.page);
          };
        }
      }),
    [store, push, api, navigate],
  );
}
