import { describe, expect, it } from 'vitest';
import { fixedWindow } from '../../../renderer/components/log-viewer/fixed-window';

describe('fixedWindow (only visible log lines render)', () => {
  const base = { lineHeight: 18, viewportHeight: 180, overscan: 2, keyBase: 0 };

  it('returns the visible rows plus overscan, however many lines there are', () => {
    const rows = fixedWindow({ ...base, count: 1_000_000, scrollTop: 18 * 500 });
    expect(rows[0]!.index).toBe(498);
    expect(rows.at(-1)!.index).toBe(511);
    expect(rows).toHaveLength(14);
    expect(rows[0]!.start).toBe(498 * 18);
  });

  it('clamps at both ends and keys rows by absolute line index', () => {
    expect(fixedWindow({ ...base, count: 0, scrollTop: 0 })).toEqual([]);
    const top = fixedWindow({ ...base, count: 5, scrollTop: 0, keyBase: 100 });
    expect(top.map((r) => r.key)).toEqual([100, 101, 102, 103, 104]);
  });
});
