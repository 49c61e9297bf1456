import { expect, test } from 'vitest';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import { AppError } from '../../../electron/shared/errors';
import type { EventMessage } from '../../../electron/shared/contract';
import { splitLogText, type TaskInfo, type TaskLogBatch } from '../../../electron/shared/contract/tasks';

function setup(replay = 100) {
  const hub = new EventHub(new Redactor());
  const events: EventMessage[] = [];
  hub.subscribe((m) => events.push(m)).ready();
  return { tasks: new TaskManager(hub, replay), events };
}

test('a task reports progress, logs in batches and succeeds', async () => {
  const { tasks, events } = setup();
  const { id, result } = tasks.start({ kind: 'build', title: 'Build', page: 'build' }, async (t) => {
    t.progress(0.5, 'Unpacking');
    t.write('one\ntwo\n');
    t.log('three');
    return 42;
  });
  expect(await result).toBe(42);
  expect(tasks.get(id)).toMatchObject({ state: 'succeeded', progress: 1, step: 'Unpacking', totalLines: 3 });
  const batches = events.filter((e) => e.event === 'tasks.log').map((e) => e.payload as TaskLogBatch);
  // One newline-joined string per batch on the wire; split back into the same lines.
  for (const b of batches) expect(b.text.split('\n')).toHaveLength(b.count);
  expect(batches.flatMap((b) => splitLogText(b.text, b.count))).toEqual(['one', 'two', 'three']);
  expect(tasks.replay(id).lines).toEqual(['one', 'two', 'three']);
});

test('cancel aborts the body and marks the task cancelled', async () => {
  const { tasks } = setup();
  const { id, result } = tasks.start({ kind: 'build', title: 'Build', page: 'build' }, (t) => {
    return new Promise((_res, rej) => t.signal.addEventListener('abort', () => rej(t.signal.reason)));
  });
  expect(tasks.cancel(id)).toBe(true);
  await expect(result).rejects.toBeInstanceOf(AppError);
  expect(tasks.get(id)?.state).toBe('cancelled');
  expect(tasks.cancel(id)).toBe(false);
});

test('a body may turn Cancel off before a step it must finish: cancel then answers false', async () => {
  const { tasks, events } = setup();
  let release = () => undefined as void;
  const { id, result } = tasks.start({ kind: 'build', title: 'Build', page: 'build' }, async (t) => {
    t.setCancellable(false);
    await new Promise<void>((r) => (release = r));
    return 'committed';
  });
  await Promise.resolve();
  expect(tasks.get(id)?.cancellable).toBe(false);
  const published = events.filter((e) => e.event === 'tasks.updated').map((e) => e.payload as TaskInfo);
  expect(published.at(-1)?.cancellable).toBe(false);
  expect(tasks.cancel(id)).toBe(false);
  release();
  expect(await result).toBe('committed');
  expect(tasks.get(id)?.state).toBe('succeeded');
});

test('a body that returns although a cancel came too late to stop it has succeeded', async () => {
  const { tasks } = setup();
  const { id, result } = tasks.start({ kind: 'x', title: 'X', page: 'build' }, async () => {
    await new Promise((r) => setTimeout(r, 20));
    return 1;
  });
  expect(tasks.cancel(id)).toBe(true);
  expect(await result).toBe(1);
  expect(tasks.get(id)?.state).toBe('succeeded');
});

test('failures keep the user-facing message; the replay buffer is bounded and counts drops', async () => {
  const { tasks } = setup(10);
  const { id, result } = tasks.start({ kind: 'x', title: 'X', page: 'build' }, async (t) => {
    for (let i = 0; i < 25; i++) t.log(`l${i}`);
    throw new AppError('AUTH_FAILED', 'Wrong token.', { hint: 'Create a new one.' });
  });
  await expect(result).rejects.toThrow('Wrong token.');
  const info = tasks.get(id)!;
  expect(info).toMatchObject({ state: 'failed', error: { code: 'AUTH_FAILED', hint: 'Create a new one.' } });
  const replay = tasks.replay(id);
  expect(replay.lines).toHaveLength(10);
  expect(replay.lines[0]).toBe('l15');
  expect(replay.dropped).toBe(15);
});
