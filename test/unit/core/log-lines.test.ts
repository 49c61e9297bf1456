import { expect, test } from 'vitest';
import { events, requests } from '../../../electron/shared/contract';
import { joinLogLines, splitLogText } from '../../../electron/shared/contract/tasks';

const batch = events['tasks.log'].payload;

test("'tasks.log' batches carry their lines as one newline-joined string and a count", () => {
  const lines = ['a', '', 'ünïcode ✓', 'with\rcarriage return'];
  const wire = joinLogLines(lines);
  expect(wire).toEqual({ count: 4, text: 'a\n\nünïcode ✓\nwith\rcarriage return' });
  const ok = batch.safeParse({ taskId: 't', from: 0, ...wire });
  expect(ok.success).toBe(true);
  expect(splitLogText(ok.data!.text, ok.data!.count)).toEqual(lines);
  for (const bad of [['a'], 1, null]) {
    const r = batch.safeParse({ taskId: 't', from: 0, count: 1, text: bad });
    expect(r.success, JSON.stringify(bad)).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['text']);
  }
  for (const bad of [-1, 1.5, '1']) {
    expect(batch.safeParse({ taskId: 't', from: 0, count: bad, text: 'a' }).success).toBe(false);
  }
  expect(batch.safeParse({ taskId: 't', count: 0, text: '' }).success).toBe(false); // the envelope is still checked
});

test('the count tells an empty batch from one empty line', () => {
  expect(joinLogLines([])).toEqual({ count: 0, text: '' });
  expect(joinLogLines([''])).toEqual({ count: 1, text: '' });
  expect(splitLogText('', 0)).toEqual([]);
  expect(splitLogText('', 1)).toEqual(['']);
  expect(splitLogText('\n', 2)).toEqual(['', '']);
});

test('the count wins when the text disagrees with it, so line indexes stay right', () => {
  expect(splitLogText('a\nb\nc', 2)).toEqual(['a', 'b\nc']);
  expect(splitLogText('a', 3)).toEqual(['a', '', '']);
});

test("the 'tasks.log' replay answer uses the same wire form", () => {
  const result = requests['tasks.log'].result;
  expect(result.safeParse({ from: 3, ...joinLogLines(['x']), dropped: 3 }).success).toBe(true);
  expect(result.safeParse({ from: 3, lines: ['x'], dropped: 3 }).success).toBe(false);
});
