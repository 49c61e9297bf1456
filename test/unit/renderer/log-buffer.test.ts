import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../../renderer/components/log-viewer/log-buffer';

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => `line ${from + i}`);

describe('LogBuffer (ring buffer)', () => {
  it('keeps lines in order until full', () => {
    const b = new LogBuffer(5);
    b.append(['a', 'b']);
    b.append(['c']);
    expect(b.length).toBe(3);
    expect(b.dropped).toBe(0);
    expect(b.toArray()).toEqual(['a', 'b', 'c']);
  });

  it('drops the oldest lines when full and counts them for the marker', () => {
    const b = new LogBuffer(4);
    b.append(range(0, 3));
    b.append(range(3, 3));
    expect(b.length).toBe(4);
    expect(b.dropped).toBe(2);
    expect(b.total).toBe(6);
    expect(b.toArray()).toEqual(range(2, 4));
    expect(b.line(0)).toBe('line 2');
    expect(b.line(3)).toBe('line 5');
  });

  it('keeps only the tail of a batch larger than the capacity', () => {
    const b = new LogBuffer(3);
    b.append(['x']);
    b.append(range(0, 10));
    expect(b.toArray()).toEqual(range(7, 3));
    expect(b.dropped).toBe(8);
    expect(b.total).toBe(11);
  });

  it('stays bounded and consistent over many wraps', () => {
    const b = new LogBuffer(1000);
    for (let i = 0; i < 250; i++) b.append(range(i * 37, 37));
    expect(b.length).toBe(1000);
    expect(b.total).toBe(250 * 37);
    expect(b.line(0)).toBe(`line ${250 * 37 - 1000}`);
    expect(b.line(999)).toBe(`line ${250 * 37 - 1}`);
  });

  it('records arrival times per line and 0 for replayed lines', () => {
    const b = new LogBuffer(10);
    b.reset(['old'], 5);
    b.append(['new'], 1234);
    expect(b.dropped).toBe(5);
    expect(b.time(0)).toBe(0);
    expect(b.time(1)).toBe(1234);
  });

  it('notifies subscribers and bumps version and generation', () => {
    const b = new LogBuffer(10);
    let calls = 0;
    const off = b.subscribe(() => calls++);
    b.append(['a']);
    b.append([]);
    const g = b.generation;
    b.reset();
    expect(calls).toBe(2);
    expect(b.generation).toBe(g + 1);
    off();
    b.append(['b']);
    expect(calls).toBe(2);
  });

  it('rejects a nonsense capacity', () => {
    expect(() => new LogBuffer(0)).toThrow(RangeError);
  });
});
