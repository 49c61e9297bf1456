import { randomUUID } from 'node:crypto';
import { AppError, toErrorPayload } from '../shared/errors';
import { joinLogLines, type TaskInfo } from '../shared/contract/tasks';
import type { EventHub } from './event-hub';
import { LineBatcher } from './line-batcher';

export interface TaskSpec {
  kind: string;
  title: string;
  page: TaskInfo['page'];
  cancellable?: boolean;
}

/** What a running task's body gets: its id, a cancel signal, and ways to report. */
export interface TaskHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Raw output (bytes or text); split into lines UTF-8-safely and sent in batches. */
  write(chunk: Buffer | string): void;
  /** Whole lines. */
  log(...lines: string[]): void;
  progress(fraction: number | null, step?: string | null): void;
  /**
   * Whether Cancel still applies. A body turns it off right before a step that must not be cut short
   * (an image being committed to storage or a registry): a cancel then answers "too late" instead of
   * racing the commit. Check the signal just before, in the same tick.
   */
  setCancellable(cancellable: boolean): void;
}

const DEFAULT_REPLAY_LINES = 100_000;

interface TaskRecord {
  info: TaskInfo;
  controller: AbortController;
  batcher: LineBatcher;
  replay: string[];
  done: Promise<unknown>;
}

/**
 * Every long operation (build, machine init/start, pulls, previews) runs as a task: cancellable, with
 * progress, elapsed time and a bounded replay buffer of its log, published as events.
 */
export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly hub: EventHub,
    private readonly replayLines = DEFAULT_REPLAY_LINES,
  ) {}

  /**
   * Starts `body` as a task and returns its id at once, plus a promise of its result.
   * A body that throws marks the task failed (AppError messages are kept for the UI), or cancelled after
   * an abort; a body that returns marks it succeeded.
   */
  start<T>(spec: TaskSpec, body: (task: TaskHandle) => Promise<T>): { id: string; result: Promise<T> } {
    const id = randomUUID();
    const controller = new AbortController();
    const info: TaskInfo = {
      id,
      kind: spec.kind,
      title: spec.title,
      page: spec.page,
      state: 'running',
      progress: null,
      step: null,
      startedAt: Date.now(),
      endedAt: null,
      cancellable: spec.cancellable ?? true,
      error: null,
      droppedLines: 0,
      totalLines: 0,
    };
    const record: TaskRecord = {
      info,
      controller,
      replay: [],
      batcher: new LineBatcher({ flush: (lines) => this.appendLines(record, lines) }),
      done: Promise.resolve(),
    };
    this.tasks.set(id, record);
    this.publish(record);

    const handle: TaskHandle = {
      id,
      signal: controller.signal,
      write: (chunk) => record.batcher.write(chunk),
      log: (...lines) => record.batcher.write(lines.map((l) => `${l}\n`).join('')),
      progress: (fraction, step) => {
        info.progress = fraction === null ? null : Math.min(1, Math.max(0, fraction));
        if (step !== undefined) info.step = step;
        this.publish(record);
      },
      setCancellable: (cancellable) => {
        if (info.cancellable === cancellable || info.state !== 'running') return;
        info.cancellable = cancellable;
        this.publish(record);
      },
    };

    const result = (async () => {
      try {
        const value = await body(handle);
        // A body that returns did its work, even if a cancel (or quit) came too late to stop it.
        this.finish(record, 'succeeded', null);
        return value;
      } catch (err) {
        const cancelled = controller.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED');
        this.finish(record, cancelled ? 'cancelled' : 'failed', cancelled ? null : err);
        throw err;
      }
    })();
    record.done = result.catch(() => undefined);
    return { id, result };
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((r) => r.info);
  }

  get(id: string): TaskInfo | undefined {
    return this.tasks.get(id)?.info;
  }

  cancel(id: string): boolean {
    const record = this.tasks.get(id);
    if (!record || record.info.state !== 'running' || !record.info.cancellable) return false;
    record.controller.abort(new AppError('CANCELLED', `${record.info.title} was cancelled.`));
    return true;
  }

  replay(id: string): { from: number; lines: string[]; dropped: number } {
    const record = this.tasks.get(id);
    if (!record) throw new AppError('NOT_FOUND', 'That task no longer exists.');
    return { from: record.info.droppedLines, lines: [...record.replay], dropped: record.info.droppedLines };
  }

  /** Cancels every running task and waits for them to settle (used on quit). */
  async cancelAll(): Promise<void> {
    for (const r of this.tasks.values()) if (r.info.state === 'running') r.controller.abort();
    await Promise.all([...this.tasks.values()].map((r) => r.done));
  }

  private appendLines(record: TaskRecord, lines: string[]): void {
    const from = record.info.totalLines;
    record.info.totalLines += lines.length;
    record.replay.push(...lines);
    const over = record.replay.length - this.replayLines;
    if (over > 0) {
      record.replay.splice(0, over);
      record.info.droppedLines += over;
    }
    this.hub.emit('tasks.log', { taskId: record.info.id, from, ...joinLogLines(lines) });
  }

  private finish(record: TaskRecord, state: TaskInfo['state'], err: unknown): void {
    record.batcher.end();
    record.info.state = state;
    record.info.endedAt = Date.now();
    if (state === 'succeeded') record.info.progress = 1;
    record.info.error = err === null ? null : toErrorPayload(err);
    this.publish(record);
  }

  private publish(record: TaskRecord): void {
    this.hub.emit('tasks.updated', { ...record.info });
  }
}
