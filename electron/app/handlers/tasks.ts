import type { Handlers } from '../../core/dispatcher';
import type { TaskManager } from '../../core/task-manager';
import { joinLogLines } from '../../shared/contract/tasks';

export function tasksHandlers(
  tasks: TaskManager,
): Pick<Handlers, 'tasks.list' | 'tasks.cancel' | 'tasks.log'> {
  return {
    'tasks.list': async () => tasks.list(),
    'tasks.cancel': async ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
    'tasks.log': async ({ taskId }) => {
      const { from, lines, dropped } = tasks.replay(taskId);
      return { from, ...joinLogLines(lines), dropped };
    },
  };
}
