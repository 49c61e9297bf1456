import { splitLogText, type TaskInfo, type TaskLogBatch } from '../../electron/shared/contract/tasks';
import type { Client } from '../api/client';
import { DEFAULT_MAX_LINES, LogBuffer } from '../components/log-viewer/log-buffer';

/** The part of the API client the store needs (a real client, or a stand-in in unit tests). */
export type TaskClient = Pick<Client, 'call' | 'on'>;

/** Finished tasks whose logs stay in the renderer; older ones are replayed from main when opened again. */
const KEPT_FINISHED_LOGS = 10;

/**
 * The renderer's memory of tasks and their logs. It lives for the whole session (not per page), so
 * leaving a page loses nothing; when it missed lines (a reload, a gap) it asks main for the replay
 * buffer and merges the live batches that arrive meanwhile by their absolute line index.
 */
export class TaskStore {
  private readonly tasks = new Map<string, TaskInfo>();
  private readonly logs = new Map<string, LogBuffer>();
  /** Absolute index of the next line each log expects. */
  private readonly expected = new Map<string, number>();
  /** Batches held back while a replay is in flight. */
  private readonly replaying = new Map<string, TaskLogBatch[]>();
  private readonly listeners = new Set<() => void>();
  private readonly endListeners = new Set<(task: TaskInfo) => void>();
  private snapshot: TaskInfo[] = [];

  constructor(
    private readonly client: TaskClient,
    private readonly maxLines = DEFAULT_MAX_LINES,
  ) {}

  /** Subscribes to task events and loads the current list; returns the unsubscribe. */
  start(): () => void {
    const offs = [
      this.client.on('tasks.updated', (t) => this.upsert(t)),
      this.client.on('tasks.log', (b) => this.applyBatch(b)),
    ];
    this.client.call('tasks.list', {}).then(
      (list) => list.forEach((t) => this.upsert(t, false)),
      () => undefined, // not connected yet: events fill the list as tasks change
    );
    return () => offs.forEach((off) => off());
  }

  /** Newest first; a new array only when something changed (for useSyncExternalStore). */
  list = (): TaskInfo[] => this.snapshot;

  get(id: string): TaskInfo | undefined {
    return this.tasks.get(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called once when a task this session saw running reaches an end state. */
  onTaskEnded(listener: (task: TaskInfo) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The log of a task; fetches main's replay buffer if lines were printed before we listened. */
  log(taskId: string): LogBuffer {
    this.catchUp(taskId);
    return this.buffer(taskId);
  }

  /** The log of a task as it is now, without asking main for anything. */
  logBuffer(taskId: string): LogBuffer {
    return this.buffer(taskId);
  }

  /** Fetches main's replay buffer if the task printed lines this store has not seen. */
  catchUp(taskId: string): void {
    const info = this.tasks.get(taskId);
    if (info && info.totalLines > (this.expected.get(taskId) ?? 0)) this.replay(taskId);
  }

  cancel(taskId: string): Promise<boolean> {
    return this.client.call('tasks.cancel', { taskId }).then((r) => r.cancelled);
  }

  private buffer(taskId: string): LogBuffer {
    let buffer = this.logs.get(taskId);
    if (!buffer) {
      buffer = new LogBuffer(this.maxLines);
      this.logs.set(taskId, buffer);
    }
    return buffer;
  }

  private upsert(task: TaskInfo, live = true): void {
    const before = this.tasks.get(task.id);
    if (!live && before) return; // a late tasks.list answer must not overwrite fresher events
    this.tasks.set(task.id, task);
    this.snapshot = [...this.tasks.values()].sort((a, b) => b.startedAt - a.startedAt);
    if (before?.state === 'running' && task.state !== 'running') {
      for (const l of this.endListeners) l(task);
      this.pruneFinishedLogs();
    }
    for (const l of this.listeners) l();
  }

  private applyBatch(batch: TaskLogBatch): void {
    const pending = this.replaying.get(batch.taskId);
    if (pending) {
      pending.push(batch);
      return;
    }
    const expected = this.expected.get(batch.taskId) ?? 0;
    if (batch.from > expected) {
      // We missed lines (renderer reloaded, or subscribed late): fetch the replay and merge this batch after it.
      this.replay(batch.taskId, [batch]);
      return;
    }
    const skip = expected - batch.from; // overlap with what we already have
    if (skip >= batch.count) return;
    const lines = splitLogText(batch.text, batch.count);
    this.buffer(batch.taskId).append(skip > 0 ? lines.slice(skip) : lines);
    this.expected.set(batch.taskId, batch.from + batch.count);
  }

  private replay(taskId: string, held: TaskLogBatch[] = []): void {
    if (this.replaying.has(taskId)) {
      this.replaying.get(taskId)!.push(...held);
      return;
    }
    this.replaying.set(taskId, held);
    const settle = () => {
      const pending = this.replaying.get(taskId) ?? [];
      this.replaying.delete(taskId);
      for (const b of pending) this.applyBatch(b);
    };
    this.client.call('tasks.log', { taskId }).then(
      (r) => {
        const end = r.from + r.count;
        if (end >= (this.expected.get(taskId) ?? 0)) {
          this.buffer(taskId).reset(splitLogText(r.text, r.count), r.from);
          this.expected.set(taskId, end);
        }
        settle();
      },
      () => {
        // The task is gone from main (or main is unreachable): keep what we have and carry on from the held batches.
        const first = this.replaying.get(taskId)?.[0];
        if (first && first.from > (this.expected.get(taskId) ?? 0)) {
          this.buffer(taskId).reset([], first.from);
          this.expected.set(taskId, first.from);
        }
        settle();
      },
    );
  }

  private pruneFinishedLogs(): void {
    const finished = this.snapshot.filter((t) => t.state !== 'running' && this.logs.has(t.id));
    for (const t of finished.slice(KEPT_FINISHED_LOGS)) {
      this.logs.delete(t.id);
      this.expected.delete(t.id);
    }
  }
}
