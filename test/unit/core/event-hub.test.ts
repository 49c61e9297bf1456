import { expect, test, vi } from 'vitest';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import type { EventMessage } from '../../../electron/shared/contract';

const status = (state: 'connected' | 'disconnected') => ({
  state,
  socketPath: '/s',
  source: 'env' as const,
  checkedAt: 1,
});

test('events sent before the renderer is ready are queued, then delivered in order', () => {
  const hub = new EventHub(new Redactor());
  const got: EventMessage[] = [];
  const sub = hub.subscribe((m) => got.push(m));
  hub.emit('tasks.log', { taskId: 't', from: 0, count: 1, text: 'a' });
  hub.emit('tasks.log', { taskId: 't', from: 1, count: 1, text: 'b' });
  expect(got).toHaveLength(0);
  sub.ready();
  expect(got.map((m) => (m.payload as { text: string }).text)).toEqual(['a', 'b']);
  hub.emit('tasks.log', { taskId: 't', from: 2, count: 1, text: 'c' });
  expect(got).toHaveLength(3);
});

test('a late subscriber gets the latest sticky state only', () => {
  const hub = new EventHub(new Redactor());
  hub.emit('engine.status', status('disconnected'));
  hub.emit('engine.status', status('connected'));
  const got: EventMessage[] = [];
  hub.subscribe((m) => got.push(m)).ready();
  expect(got).toEqual([{ event: 'engine.status', payload: status('connected') }]);
  expect(hub.latest('engine.status')?.state).toBe('connected');
});

test('invalid payloads are dropped and reported, secrets redacted', () => {
  const onInvalid = vi.fn();
  const redactor = new Redactor();
  redactor.add('hunter2-token');
  const hub = new EventHub(redactor, onInvalid);
  const got: EventMessage[] = [];
  hub.subscribe((m) => got.push(m)).ready();
  hub.emit('tasks.log', { taskId: 't', from: 0, count: 1, text: ['not-a-string'] } as never);
  expect(onInvalid).toHaveBeenCalledOnce();
  hub.emit('tasks.log', { taskId: 't', from: 0, count: 3, text: 'a\npassword=hunter2-token\nb' });
  expect(JSON.stringify(got)).not.toContain('hunter2-token');
  expect(got).toHaveLength(1);
  expect((got[0]!.payload as { text: string }).text.split('\n')).toEqual(['a', 'password=••••••', 'b']);
});

test('closed subscriptions receive nothing', () => {
  const hub = new EventHub(new Redactor());
  const got: EventMessage[] = [];
  const sub = hub.subscribe((m) => got.push(m));
  sub.ready();
  sub.close();
  hub.emit('tasks.log', { taskId: 't', from: 0, count: 1, text: 'x' });
  expect(got).toHaveLength(0);
});
