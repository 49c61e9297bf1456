import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  BuildPlan,
  BuildResult,
  BuildStageItem,
  DockerfileStage,
} from '../../../electron/shared/contract/build';
import { splitLogText } from '../../../electron/shared/contract/tasks';
import { ApiError } from '../../api/client';
import { useApi, useEvent } from '../../api/hooks';
import { LogBuffer } from '../../components/log-viewer';
import { toRequest, type BuildForm } from './form-state';
import { mergeStages } from './stages/stage-rows';

export interface Failure {
  message: string;
  hint?: string;
  fields?: Record<string, string>;
}

function toFailure(err: unknown): Failure {
  if (err instanceof ApiError) return { message: err.message, hint: err.hint, fields: err.fields };
  return { message: err instanceof Error ? err.message : String(err) };
}

export interface BuildState {
  plan: BuildPlan | null;
  planError: Failure | null;
  startError: Failure | null;
  running: { buildId: string; taskId: string } | null;
  stages: BuildStageItem[];
  dockerfileStages: DockerfileStage[];
  progress: number | null;
  result: BuildResult | null;
  log: LogBuffer;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * The Build page's state: the plan (re-computed as the form changes, no side effects), the running build
 * (stages, progress, log batches of its task) and its result. A build already running when the page
 * opens (after navigating away) is picked up again, log included, from the task's replay buffer.
 */
export function useBuild(form: BuildForm): BuildState {
  const client = useApi();
  const log = useMemo(() => new LogBuffer(), []);
  const [plan, setPlan] = useState<BuildPlan | null>(null);
  const [planError, setPlanError] = useState<Failure | null>(null);
  const [startError, setStartError] = useState<Failure | null>(null);
  const [running, setRunning] = useState<{ buildId: string; taskId: string } | null>(null);
  const [stages, setStages] = useState<BuildStageItem[]>([]);
  const [dockerfileStages, setDockerfileStages] = useState<DockerfileStage[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<BuildResult | null>(null);
  const current = useRef<{ buildId: string; taskId: string } | null>(null);
  // The task whose log the page shows: kept after the build ends, because its last batch (e.g. "Build
  // failed: …" of a build that stopped before any container) can arrive after 'build.finished'.
  const logTaskId = useRef<string | null>(null);

  const request = useMemo(() => toRequest(form), [form]);
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      client.call('build.plan', request).then(
        (p) => {
          if (stale) return;
          setPlan(p);
          setPlanError(null);
        },
        (err: unknown) => {
          if (stale) return;
          setPlan(null);
          setPlanError(toFailure(err));
        },
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, request]);

  // Pick up a build that is still running (the page was left and opened again).
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [tasks, history] = await Promise.all([
        client.call('tasks.list', {}),
        client.call('history.list', {}),
      ]);
      const task = tasks.find((t) => t.kind === 'build' && t.state === 'running');
      const entry = task && history.find((h) => h.taskId === task.id && h.result === 'running');
      if (cancelled || !task || !entry || current.current) return;
      const replay = await client.call('tasks.log', { taskId: task.id });
      log.reset(splitLogText(replay.text, replay.count), replay.dropped);
      current.current = { buildId: entry.buildId, taskId: task.id };
      logTaskId.current = task.id;
      setRunning(current.current);
      setProgress(task.progress);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [client, log]);

  useEvent('tasks.log', (batch) => {
    if (batch.taskId === logTaskId.current) log.append(splitLogText(batch.text, batch.count));
  });
  useEvent('build.stage', (p) => {
    if (p.buildId !== current.current?.buildId) return;
    setStages(p.stages);
    setDockerfileStages((held) => mergeStages(held, p.dockerfileStages, p.stepsFrom));
    setProgress(p.progress);
  });
  useEvent('build.finished', (p) => {
    if (p.buildId !== current.current?.buildId) return;
    current.current = null;
    setRunning(null);
    setResult(p.result);
  });

  const start = useCallback(async () => {
    setStartError(null);
    setResult(null);
    setStages([]);
    setDockerfileStages([]);
    setProgress(null);
    log.reset();
    logTaskId.current = null;
    try {
      const r = await client.call('build.start', request);
      current.current = r;
      logTaskId.current = r.taskId;
      setRunning(r);
    } catch (err) {
      setStartError(toFailure(err));
    }
  }, [client, log, request]);

  const cancel = useCallback(async () => {
    const r = current.current;
    if (!r) return;
    try {
      await client.call('build.cancel', { buildId: r.buildId });
    } catch (err) {
      setStartError(toFailure(err));
    }
  }, [client]);

  return {
    plan,
    planError,
    startError,
    running,
    stages,
    dockerfileStages,
    progress,
    result,
    log,
    start,
    cancel,
  };
}
