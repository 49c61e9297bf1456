import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { TaskInfo } from '../../electron/shared/contract/tasks';
import { useApi } from '../api/hooks';
import type { LogBuffer } from '../components/log-viewer/log-buffer';
import { TaskStore } from './task-store';

const TaskStoreContext = createContext<TaskStore | null>(null);

/** One task store for the whole window, so task logs outlive the pages that show them. */
export function TaskStoreProvider({ children }: { children: ReactNode }) {
  const client = useApi();
  const [store] = useState(() => new TaskStore(client));
  useEffect(() => store.start(), [store]);
  return <TaskStoreContext.Provider value={store}>{children}</TaskStoreContext.Provider>;
}

export function useTaskStore(): TaskStore {
  const store = useContext(TaskStoreContext);
  if (!store) throw new Error('useTaskStore must be used inside <TaskStoreProvider>');
  return store;
}

/** Every task this session knows about, newest first. */
export function useTasks(): TaskInfo[] {
  const store = useTaskStore();
  return useSyncExternalStore(store.subscribe, store.list);
}

export function useTask(taskId: string | null | undefined): TaskInfo | undefined {
  const tasks = useTasks();
  return taskId ? tasks.find((t) => t.id === taskId) : undefined;
}

/**
 * The log of a task, for <LogViewer buffer={…}>. Pages use this instead of listening to 'tasks.log'
 * themselves: the buffer already holds what was printed while the page was not open.
 */
export function useTaskLog(taskId: string | null | undefined): LogBuffer | null {
  const store = useTaskStore();
  const buffer = useMemo(() => (taskId ? store.logBuffer(taskId) : null), [store, taskId]);
  useEffect(() => {
    if (taskId) store.catchUp(taskId);
  }, [store, taskId]);
  return buffer;
}
