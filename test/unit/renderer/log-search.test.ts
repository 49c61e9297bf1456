import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../../renderer/components/log-viewer/log-buffer';
import { LogSearch } from '../../../renderer/components/log-viewer/log-search';

describe('LogSearch', () => {
  it('finds case-insensitive matches ignoring ANSI escapes', () => {
    const b = new LogBuffer(100);
    b.append(['INFO start', '\x1b[31mERR\x1b[0mOR boom', 'ok', 'error again']);
    const s = new LogSearch();
    s.setQuery('error', b);
    expect(s.matches()).toEqual([1, 3]);
  });

  it('scans only new lines incrementally', () => {
    const b = new LogBuffer(100);
    const s = new LogSearch();
    s.setQuery('x', b);
    b.append(['x1', 'y']);
    s.update(b);
    b.append(['x2']);
    s.update(b);
    s.update(b);
    expect(s.matches()).toEqual([0, 2]);
    expect(s.count).toBe(2);
  });

  it('prunes matches that were dropped from the buffer (absolute indices)', () => {
    const b = new LogBuffer(3);
    const s = new LogSearch();
    s.setQuery('hit', b);
    b.append(['hit a', 'miss', 'hit b']);
    s.update(b);
    b.append(['miss', 'hit c']);
    s.update(b);
    expect(b.dropped).toBe(2);
    expect(s.matches()).toEqual([2, 4]);
    expect(s.at(0)).toBe(2);
  });

  it('rebuilds after a reset (replay)', () => {
    const b = new LogBuffer(10);
    const s = new LogSearch();
    b.append(['hit']);
    s.setQuery('hit', b);
    b.reset(['a', 'hit', 'hit'], 7);
    s.update(b);
    expect(s.matches()).toEqual([8, 9]);
  });

  it('an empty query matches nothing', () => {
    const b = new LogBuffer(10);
    b.append(['a']);
    const s = new LogSearch();
    s.setQuery('', b);
    expect(s.count).toBe(0);
  });
});
