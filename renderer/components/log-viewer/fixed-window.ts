/** A row to render: its index among kept lines, a stable key and its top offset in px. */
export interface WindowRow {
  index: number;
  key: number;
  start: number;
}

/**
 * The rows of a fixed-line-height list that intersect the viewport (plus overscan). O(visible rows),
 * whatever the line count: a flood changes the count every frame and must not cost a pass over all lines.
 */
export function fixedWindow(opts: {
  count: number;
  lineHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan: number;
  keyBase: number;
}): WindowRow[] {
  const { count, lineHeight, scrollTop, viewportHeight, overscan, keyBase } = opts;
  if (count === 0) return [];
  const first = Math.max(0, Math.floor(scrollTop / lineHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / lineHeight) + overscan);
  const rows: WindowRow[] = [];
  for (let i = first; i < last; i++) rows.push({ index: i, key: keyBase + i, start: i * lineHeight });
  return rows;
}
