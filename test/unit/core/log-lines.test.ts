import { expect, test } from 'vitest';
import { events, requests } from '../../../electron/shared/contract';

const batch = events['tasks.log'].payload;

test("'tasks.log' batches: lines must be an array of strings (checked without zod's per-item pass)", () => {
  const lines = ['a', '', 'ünïcode ✓'];
  const ok = batch.safeParse({ taskId: 't', from: 0, lines });
  expect(ok.success).toBe(true);
  expect(ok.data?.lines).toEqual(lines);
  for (const bad of [['a', 1], 'a\nb', null, [['a']], { 0: 'a', length: 1 }]) {
    const r = batch.safeParse({ taskId: 't', from: 0, lines: bad });
    expect(r.success, JSON.stringify(bad)).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['lines']);
  }
  expect(batch.safeParse({ taskId: 't', lines: [] }).success).toBe(false); // the envelope is still checked
});

test("the 'tasks.log' replay answer uses the same check", () => {
  const result = requests['tasks.log'].result;
  expect(result.safeParse({ from: 3, lines: ['x'], dropped: 3 }).success).toBe(true);
  expect(result.safeParse({ from: 3, lines: ['x', undefined], dropped: 3 }).success).toBe(false);
});
