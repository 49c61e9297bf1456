import { describe, expect, it } from 'vitest';
import { joinLogLines, type TaskInfo, type TaskLogBatch } from '../../../electron/shared/contract/tasks';
import { TaskStore, type TaskClient } from '../../../renderer/shell/task-store';

/** A stand-in for the API client: events are pushed by the test, requests answered from a table. */
function standInClient(replay: Record<string, { from: number; lines: string[]; dropped: number }> = {}) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const client = {
    on(name: string, l: (p: unknown) => void) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l);
      return () => listeners.get(name)!.delete(l);
    },
    async call(method: string, params: { taskId?: string }) {
      calls.push(method);
      if (method === 'tasks.list') return [];
      if (method === 'tasks.log') {
        await gate;
        const r = replay[params.taskId!];
        if (!r) throw new Error('gone');
        return { from: r.from, ...joinLogLines(r.lines), dropped: r.dropped }; // the wire form
      }
      return { cancelled: true };
    },
  } as unknown as TaskClient;
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return { client, emit, calls, release };
}

const task = (over: Partial<TaskInfo> = {}): TaskInfo => ({
  id: 't1',
  kind: 'build',
  title: 'Build x',
  page: 'build',
  state: 'running',
  progress: null,
  step: null,
  startedAt: 1,
  endedAt: null,
  cancellable: true,
  error: null,
  droppedLines: 0,
  totalLines: 0,
  ...over,
});
const batch = (from: number, lines: string[], taskId = 't1'): TaskLogBatch => ({
  taskId,
  from,
  ...joinLogLines(lines),
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('TaskStore', () => {
  it('keeps task logs from events regardless of any view (survives navigation)', () => {
    const { client, emit } = standInClient();
    const store = new TaskStore(client);
    store.start();
    emit('tasks.updated', task());
    emit('tasks.log', batch(0, ['a', 'b']));
    emit('tasks.log', batch(2, ['c']));
    expect(store.log('t1').toArray()).toEqual(['a', 'b', 'c']);
    expect(store.list().map((t) => t.id)).toEqual(['t1']);
  });

  it('skips lines it already has when batches overlap', () => {
    const { client, emit } = standInClient();
    const store = new TaskStore(client);
    store.start();
    emit('tasks.log', batch(0, ['a', 'b']));
    emit('tasks.log', batch(1, ['b', 'c']));
    expect(store.log('t1').toArray()).toEqual(['a', 'b', 'c']);
  });

  it('replays from main after a gap and merges the live batches that arrived meanwhile', async () => {
    const { client, emit, calls, release } = standInClient({
      t1: { from: 2, lines: ['c', 'd', 'e'], dropped: 2 },
    });
    const store = new TaskStore(client);
    store.start();
    emit('tasks.log', batch(4, ['e', 'f'])); // we never saw lines 0..3
    emit('tasks.log', batch(6, ['g']));
    expect(calls).toContain('tasks.log');
    release();
    await flush();
    const log = store.log('t1');
    expect(log.dropped).toBe(2);
    expect(log.toArray()).toEqual(['c', 'd', 'e', 'f', 'g']);
  });

  it('asks for the replay when a view opens a task that already printed lines', async () => {
    const { client, emit, release } = standInClient({ t1: { from: 0, lines: ['x', 'y'], dropped: 0 } });
    const store = new TaskStore(client);
    store.start();
    emit('tasks.updated', task({ totalLines: 2 }));
    const log = store.log('t1');
    release();
    await flush();
    expect(log.toArray()).toEqual(['x', 'y']);
  });

  it('bounds each log to maxLines', () => {
    const { client, emit } = standInClient();
    const store = new TaskStore(client, 3);
    store.start();
    emit('tasks.log', batch(0, ['1', '2', '3', '4', '5']));
    const log = store.log('t1');
    expect(log.toArray()).toEqual(['3', '4', '5']);
    expect(log.dropped).toBe(2);
  });

  it('reports a task ending once, and sorts newest first', () => {
    const { client, emit } = standInClient();
    const store = new TaskStore(client);
    const ended: string[] = [];
    store.onTaskEnded((t) => ended.push(`${t.id}:${t.state}`));
    store.start();
    emit('tasks.updated', task());
    emit('tasks.updated', task({ id: 't2', startedAt: 5 }));
    emit('tasks.updated', task({ state: 'failed', endedAt: 9 }));
    emit('tasks.updated', task({ state: 'failed', endedAt: 9 }));
    expect(ended).toEqual(['t1:failed']);
    expect(store.list().map((t) => t.id)).toEqual(['t2', 't1']);
  });
});
