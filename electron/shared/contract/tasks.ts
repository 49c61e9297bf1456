import { z } from 'zod';
import { event, request } from './define';
import { ErrorPayload } from '../errors';
import { Id } from './limits';

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
 * A run of log lines travels as ONE newline-joined string plus its line count. Parsing a message that
 * holds thousands of short strings makes the renderer materialise each of them (V8 string-table growth
 * stalled frames for 10–40 ms during a flood); one string split once where it is consumed does not.
 * Lines never contain '\n' (the LineBatcher splits on it), so the join is lossless; `count` tells an
 * empty run from one empty line and is the authority for line indexes.
 */
export const LogText = {
  count: z.number().int().min(0),
  text: z.string(),
};

export interface LogTextFields {
  count: number;
  text: string;
}

/** Joins complete log lines (none containing '\n') into the wire form. */
export function joinLogLines(lines: readonly string[]): LogTextFields {
  return { count: lines.length, text: lines.join('\n') };
}

/**
 * Splits the wire form back into exactly `count` lines. Should the text ever disagree with the count
 * (redaction of a secret that itself spans lines could remove a '\n'), the count wins so line indexes
 * stay right: missing lines are empty, extra pieces stay joined on the last line.
 */
export function splitLogText(text: string, count: number): string[] {
  if (count === 0) return [];
  const lines = text.split('\n');
  if (lines.length === count) return lines;
  if (lines.length > count) return [...lines.slice(0, count - 1), lines.slice(count - 1).join('\n')];
  while (lines.length < count) lines.push('');
  return lines;
}

export const TaskLogBatch = z.object({
  taskId: z.string(),
  /** Index of the first line in this batch within the task's whole log (lets a viewer detect gaps). */
  from: z.number(),
  ...LogText,
});
export type TaskLogBatch = z.infer<typeof TaskLogBatch>;

export const tasksRequests = {
  'tasks.list': request(z.object({}), z.array(TaskInfo)),
  'tasks.cancel': request(z.object({ taskId: Id }), z.object({ cancelled: z.boolean() })),
  /** The replay buffer of a task's log, so a page opened later (or after navigating) loses nothing. */
  'tasks.log': request(
    z.object({ taskId: Id }),
    z.object({ from: z.number(), ...LogText, dropped: z.number() }),
  ),
};

export const tasksEvents = {
  'tasks.updated': event(TaskInfo),
  'tasks.log': event(TaskLogBatch),
};
