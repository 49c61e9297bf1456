import type { RefObject } from 'react';

interface Props {
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery(query: string): void;
  matchCount: number;
  matchIndex: number;
  onStep(delta: 1 | -1): void;
  wrap: boolean;
  onWrap(wrap: boolean): void;
  timestamps: boolean;
  onTimestamps(on: boolean): void;
  follow: boolean;
  onFollow(on: boolean): void;
  onCopy(): void;
  onSave(): void;
  notice: string;
}

/** Search, view toggles and export actions above a log. */
export function LogToolbar({ searchRef, ...p }: Props) {
  return (
    <div className="log-toolbar" role="toolbar" aria-label="Log tools">
      <div className="log-search">
        <input
          ref={searchRef}
          type="search"
          aria-label="Search log"
          placeholder="Search log"
          data-log-search=""
          value={p.query}
          onChange={(e) => p.onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              p.onStep(e.shiftKey ? -1 : 1);
            } else if (e.key === 'Escape' && p.query) {
              e.stopPropagation(); // clearing the search must not reach the global cancel shortcut
              p.onQuery('');
            }
          }}
        />
        <span className="log-match-count" aria-live="polite">
          {p.query
            ? p.matchCount
              ? `${p.matchIndex + 1} / ${p.matchCount.toLocaleString('en')}`
              : 'No matches'
            : ''}
        </span>
        <button
          type="button"
          className="icon"
          aria-label="Previous match"
          disabled={!p.matchCount}
          onClick={() => p.onStep(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon"
          aria-label="Next match"
          disabled={!p.matchCount}
          onClick={() => p.onStep(1)}
        >
          ↓
        </button>
      </div>
      <div className="log-actions">
        <label className="toggle">
          <input type="checkbox" checked={p.wrap} onChange={(e) => p.onWrap(e.target.checked)} />
          Wrap
        </label>
        <label className="toggle">
          <input type="checkbox" checked={p.timestamps} onChange={(e) => p.onTimestamps(e.target.checked)} />
          Timestamps
        </label>
        <button type="button" aria-pressed={p.follow} onClick={() => p.onFollow(!p.follow)}>
          {p.follow ? 'Following' : 'Paused'}
        </button>
        <button type="button" onClick={p.onCopy}>
          Copy
        </button>
        <button type="button" onClick={p.onSave}>
          Save…
        </button>
        <span className="log-notice" role="status" aria-label="Log action">
          {p.notice}
        </span>
      </div>
    </div>
  );
}
