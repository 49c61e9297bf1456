import { expect, test, vi } from 'vitest';
import { LineBatcher } from '../../../electron/core/line-batcher';

test('UTF-8 split across chunks decodes correctly', () => {
  const batches: string[][] = [];
  const b = new LineBatcher({ flush: (l) => batches.push(l) });
  const bytes = Buffer.from('héllo → wörld\nzweite Zeile ✓\n');
  for (let i = 0; i < bytes.length; i++) b.write(bytes.subarray(i, i + 1));
  b.end();
  expect(batches.flat()).toEqual(['héllo → wörld', 'zweite Zeile ✓']);
});

test('many chunks make few batches; the last unterminated line is kept', () => {
  vi.useFakeTimers();
  const batches: string[][] = [];
  const b = new LineBatcher({ flush: (l) => batches.push(l), intervalMs: 50, maxLines: 1000 });
  for (let i = 0; i < 500; i++) b.write(`line ${i}\r\n`);
  b.write('tail');
  expect(batches).toHaveLength(0);
  vi.advanceTimersByTime(60);
  expect(batches).toHaveLength(1);
  expect(batches[0]).toHaveLength(500);
  expect(batches[0]?.[499]).toBe('line 499');
  b.end();
  expect(batches[1]).toEqual(['tail']);
  vi.useRealTimers();
});

test('a flood flushes as soon as maxLines are waiting', () => {
  const batches: string[][] = [];
  const b = new LineBatcher({ flush: (l) => batches.push(l), maxLines: 100 });
  b.write('x\n'.repeat(250));
  expect(batches[0]).toHaveLength(250);
  b.end();
});
