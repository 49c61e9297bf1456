import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { copyText, plainText, saveText } from './export-log';
import { fixedWindow } from './fixed-window';
import type { LogBuffer } from './log-buffer';
import { LogLine } from './LogLine';
import { LogSearch } from './log-search';
import { LogToolbar } from './LogToolbar';
import { useFrameVersion } from './use-frame-version';
import './log-viewer.css';

export interface LogViewerProps {
  buffer: LogBuffer;
  /** Accessible name of the log region, e.g. "Build log". */
  label?: string;
  /** Suggested file name for Save. */
  fileName?: string;
  /** Shown when the log is empty. */
  emptyText?: string;
  className?: string;
}

const LINE_HEIGHT = 18;
const BOTTOM_SLACK = 4;

/**
 * A virtualized, bounded log view: only visible lines are in the DOM, appends re-render at most once a
 * frame, scrolling up pauses following, and search walks an incremental index of matching lines.
 */
export function LogViewer({
  buffer,
  label = 'Log',
  fileName = 'log.txt',
  emptyText = 'No output yet.',
  className,
}: LogViewerProps) {
  const version = useFrameVersion(buffer);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [follow, setFollow] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [query, setQuery] = useState('');
  const [activeQuery, setActiveQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const [notice, setNotice] = useState('');
  const search = useMemo(() => new LogSearch(), []);
  const lastTop = useRef(0);
  const lastDropped = useRef(buffer.dropped);

  // Debounce typing so each keystroke does not rescan 100,000 lines.
  useEffect(() => {
    const t = setTimeout(() => setActiveQuery(query), 120);
    return () => clearTimeout(t);
  }, [query]);

  const dropped = buffer.dropped;
  const count = buffer.length;
  // Runs once per rendered frame: the search index catches up with the lines appended since.
  const matchCount = useMemo(() => {
    search.setQuery(activeQuery, buffer);
    search.update(buffer);
    return search.count;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is the change signal of the mutable buffer
  }, [search, activeQuery, buffer, version]);
  const clampedMatch = Math.min(matchIndex, Math.max(0, matchCount - 1));
  const currentAbs = matchCount ? search.at(clampedMatch) : undefined;

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders us itself
  const virtualizer = useVirtualizer({
    // Only wrapped lines need measuring; unwrapped ones use the O(visible) fixed window below, because
    // the virtualizer rebuilds its item list (O(count)) whenever the count changes, i.e. every frame of a flood.
    count: wrap ? count : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 12,
    getItemKey: (i) => dropped + i,
    measureElement: (el: Element) => el.getBoundingClientRect().height,
  });
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  const followRef = useRef(follow);
  useLayoutEffect(() => {
    followRef.current = follow;
  }, [follow]);
  // The view's height changes when something appears around it (a result panel, a wrapped toolbar):
  // a following view goes back to the bottom then, or the last lines would hide below the fold.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (followRef.current) el.scrollTop = el.scrollHeight;
      lastTop.current = el.scrollTop;
      setViewport({ top: el.scrollTop, height: el.clientHeight });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => virtualizer.measure(), [wrap, virtualizer]);

  // Follow: stick to the bottom after each frame's append. Paused: keep the same lines in view when old ones drop.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const shift = dropped - lastDropped.current;
    lastDropped.current = dropped;
    if (follow) el.scrollTop = el.scrollHeight;
    else if (shift > 0 && !wrap) el.scrollTop = Math.max(0, el.scrollTop - shift * LINE_HEIGHT);
    lastTop.current = el.scrollTop;
  }, [version, follow, dropped, wrap]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (atBottom) setFollow(true);
    else if (el.scrollTop < lastTop.current - 1) setFollow(false);
    lastTop.current = el.scrollTop;
    if (!wrap) setViewport({ top: el.scrollTop, height: el.clientHeight });
  };

  const step = (delta: 1 | -1) => {
    if (!matchCount) return;
    const next = (clampedMatch + delta + matchCount) % matchCount;
    setMatchIndex(next);
    const abs = search.at(next);
    if (abs === undefined) return;
    setFollow(false);
    const index = abs - buffer.dropped;
    const el = scrollRef.current;
    if (wrap) virtualizer.scrollToIndex(index, { align: 'center' });
    else if (el) el.scrollTop = Math.max(0, index * LINE_HEIGHT - el.clientHeight / 2);
  };

  const flash = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? '' : n)), 2500);
  };

  const onCopy = () => {
    copyText(plainText(buffer)).then(
      () => flash(`Copied ${buffer.length.toLocaleString('en')} lines`),
      (err: unknown) => flash(err instanceof Error ? err.message : 'Copy failed'),
    );
  };

  const onSave = () => {
    saveText(plainText(buffer), fileName);
    flash(`Saved ${fileName}`);
  };

  const jumpToEnd = () => {
    setFollow(true);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const fixedHeight = count * LINE_HEIGHT;
  const items = wrap
    ? virtualizer.getVirtualItems()
    : fixedWindow({
        count,
        lineHeight: LINE_HEIGHT,
        // While following, the view is at the bottom even before the scroll event of this frame arrives.
        scrollTop: follow ? Math.max(0, fixedHeight - viewport.height) : viewport.top,
        viewportHeight: viewport.height,
        overscan: 12,
        keyBase: dropped,
      });
  return (
    <section
      className={`log-viewer${wrap ? ' wrap' : ''}${className ? ` ${className}` : ''}`}
      aria-label={label}
    >
      <LogToolbar
        searchRef={searchRef}
        query={query}
        onQuery={(q) => {
          setQuery(q);
          setMatchIndex(0);
        }}
        matchCount={matchCount}
        matchIndex={clampedMatch}
        onStep={step}
        wrap={wrap}
        onWrap={setWrap}
        timestamps={timestamps}
        onTimestamps={setTimestamps}
        follow={follow}
        onFollow={(on) => (on ? jumpToEnd() : setFollow(false))}
        onCopy={onCopy}
        onSave={onSave}
        notice={notice}
      />
      {dropped > 0 && (
        <div className="log-dropped" role="note">
          {dropped.toLocaleString('en')} earlier lines dropped (keeping the last{' '}
          {buffer.capacity.toLocaleString('en')})
        </div>
      )}
      <div
        ref={scrollRef}
        className="log-scroll"
        role="log"
        aria-label={label}
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
        onWheel={(e) => {
          if (e.deltaY < 0) setFollow(false);
        }}
      >
        {count === 0 && <div className="log-empty">{emptyText}</div>}
        <div className="log-rows" style={{ height: wrap ? virtualizer.getTotalSize() : fixedHeight }}>
          {items.map((item) => {
            const abs = dropped + item.index;
            return (
              <div
                // Unwrapped rows are keyed by slot (the window holds consecutive lines, so `abs % length`
                // is unique): a following view then updates ~30 rows in place each frame of a flood
                // instead of unmounting them all and mounting new ones.
                key={wrap ? item.key : abs % items.length}
                data-index={item.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                className="log-row"
                style={{ transform: `translateY(${item.start}px)`, height: wrap ? undefined : LINE_HEIGHT }}
              >
                <LogLine
                  text={buffer.line(item.index)}
                  time={buffer.time(item.index)}
                  showTime={timestamps}
                  query={activeQuery}
                  current={abs === currentAbs}
                />
              </div>
            );
          })}
        </div>
      </div>
      {!follow && count > 0 && (
        <button type="button" className="log-jump" onClick={jumpToEnd}>
          Jump to end ↓
        </button>
      )}
    </section>
  );
}
