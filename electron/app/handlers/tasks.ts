import type { Handlers } from '../../core/dispatcher';
import type { TaskManager } from '../../core/task-manager';

export function tasksHandlers(
  tasks: TaskManager,
): Pick<Handlers, 'tasks.list' | 'tasks.cancel' | 'tasks.log'> {
  return {
    'tasks.list': async () => tasks.list(),
    'tasks.cancel': async ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
    'tasks.log': async ({ taskId }) => tasks.replay(taskId),
  };
}
