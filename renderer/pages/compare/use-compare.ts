import { useCallback, useEffect, useState } from 'react';
import type { ReproducibilityReport } from '../../../electron/shared/contract/reproducibility';
import { ApiError } from '../../api/client';
import { useApi, useEvent } from '../../api/hooks';
import { useTask } from '../../shell/tasks-context';

/**
 * The "Rebuild and compare" task of each build started in this window, so a page opened again (after
 * navigating away) shows the one still running.
 */
const runningTasks = new Map<string, string>();

export interface CompareState {
  report: ReproducibilityReport | null;
  taskId: string | null;
  running: boolean;
  progress: number | null;
  step: string | null;
  error: { message: string; hint?: string } | null;
  start(): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

/** Starts "Rebuild and compare" of one build and follows its task until its report arrives. */
export function useCompare(buildId: string, stored: ReproducibilityReport | null): CompareState {
  const client = useApi();
  const [report, setReport] = useState<{ buildId: string; report: ReproducibilityReport } | null>(null);
  const [taskId, setTaskId] = useState<string | null>(() => runningTasks.get(buildId) ?? null);
  const [startError, setStartError] = useState<{ message: string; hint?: string } | null>(null);
  const task = useTask(taskId);

  useEvent('build.compared', (p) => {
    if (p.buildId === buildId) setReport(p);
  });

  const running = task?.state === 'running' || (taskId !== null && task === undefined);
  const ended = task !== undefined && task.state !== 'running';
  useEffect(() => {
    if (ended) runningTasks.delete(buildId);
  }, [ended, buildId]);

  const start = useCallback(async () => {
    setStartError(null);
    try {
      const r = await client.call('build.compare', { buildId });
      runningTasks.set(buildId, r.taskId);
      setTaskId(r.taskId);
    } catch (err) {
      setStartError(err instanceof ApiError ? err : { message: String(err) });
    }
  }, [client, buildId]);

  const cancel = useCallback(async () => {
    if (taskId) await client.call('tasks.cancel', { taskId }).catch(() => undefined);
  }, [client, taskId]);

  const taskError = task?.state === 'failed' ? task.error : null;
  return {
    report: report?.buildId === buildId ? report.report : stored,
    taskId,
    running,
    progress: task?.progress ?? null,
    step: task?.step ?? null,
    error: startError ?? (taskError ? { message: taskError.message, hint: taskError.hint } : null),
    start,
    cancel,
    dismiss: () => {
      setStartError(null);
      setTaskId(null);
    },
  };
}
