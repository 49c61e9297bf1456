import { z } from 'zod';
import { event, request } from './define';
import { ErrorPayload } from '../errors';

/** Where a task belongs in the UI, so the task centre can link back to it. */
export const TaskPage = z.enum(['build', 'machine', 'registries', 'previews', 'history', 'kubernetes']);

export const TaskInfo = z.object({
  id: z.string(),
  kind: z.string(), // e.g. "build", "machine.init", "executor.pull", "preview.run"
  title: z.string(),
  page: TaskPage,
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  /** 0..1 when known; null while the amount of work is unknown. */
  progress: z.number().min(0).max(1).nullable(),
  /** Short description of the current step, e.g. "Pushing image". */
  step: z.string().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  cancellable: z.boolean(),
  error: ErrorPayload.nullable(),
  /** Lines dropped from the replay buffer because it was full. */
  droppedLines: z.number(),
  totalLines: z.number(),
});
export type TaskInfo = z.infer<typeof TaskInfo>;

/**
 * Log lines, checked with a plain loop: a flood sends thousands of lines per 'tasks.log' event, and
 * z.array(z.string()) builds a result object and a copy of the array for them on every event.
 */
export const LogLines = z.custom<string[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
    return true;
  },
  { message: 'Expected an array of strings' },
);

export const TaskLogBatch = z.object({
  taskId: z.string(),
  /** Index of the first line in this batch within the task's whole log (lets a viewer detect gaps). */
  from: z.number(),
  lines: LogLines,
});
export type TaskLogBatch = z.infer<typeof TaskLogBatch>;

export const tasksRequests = {
  'tasks.list': request(z.object({}), z.array(TaskInfo)),
  'tasks.cancel': request(z.object({ taskId: z.string() }), z.object({ cancelled: z.boolean() })),
  /** The replay buffer of a task's log, so a page opened later (or after navigating) loses nothing. */
  'tasks.log': request(
    z.object({ taskId: z.string() }),
    z.object({ from: z.number(), lines: LogLines, dropped: z.number() }),
  ),
};

export const tasksEvents = {
  'tasks.updated': event(TaskInfo),
  'tasks.log': event(TaskLogBatch),
};
