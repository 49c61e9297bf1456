import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DockerfileStage } from '../../../../electron/shared/contract/build';
import { CACHE_TEXT, focusRow, formatElapsed, stageRows, stageTitle, type StageRow } from './stage-rows';
import './stages.css';

const ROW_HEIGHT = 26;
const ICON = { pending: '○', active: '●', done: '✓', failed: '✕' } as const;

interface Props {
  stages: readonly DockerfileStage[];
  /** While running, finished stages fold away and the view follows the active step. */
  running: boolean;
  label?: string;
}

/**
 * Dockerfile stages with their steps, cache status and times: grouped by stage (each can be folded),
 * virtualised (only visible rows exist), following the active step until the user scrolls away.
 */
export function DockerfileStages({ stages, running, label = 'Dockerfile stages' }: Props) {
  const [choices, setChoices] = useState<ReadonlyMap<number, boolean>>(new Map());
  const [follow, setFollow] = useState(true);
  const rows = useMemo(() => stageRows(stages, choices, running), [stages, choices, running]);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders us itself
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  const focus = focusRow(rows);
  useEffect(() => {
    if (follow && focus >= 0) virtualizer.scrollToIndex(focus, { align: 'auto' });
  }, [follow, focus, virtualizer]);

  if (stages.length === 0) return null;
  const toggle = (index: number, expanded: boolean) =>
    setChoices((prev) => new Map(prev).set(index, !expanded));
  const steps = stages.reduce((n, s) => n + s.steps.length, 0);
  const cached = stages.reduce((n, s) => n + s.steps.filter((x) => x.cache === 'hit').length, 0);
  return (
    <section className="dockerfile-stages" aria-label={label}>
      <div className="dockerfile-stages-head">
        <span>
          {stages.length} stage{stages.length === 1 ? '' : 's'}, {steps} step{steps === 1 ? '' : 's'} run
          {cached > 0 ? `, ${cached} from cache` : ''}
        </span>
        {running && !follow && (
          <button type="button" className="small" onClick={() => setFollow(true)}>
            Follow the active step
          </button>
        )}
      </div>
      <div
        ref={scroller}
        className="dockerfile-stages-scroll"
        onWheel={() => setFollow(false)}
        onKeyDown={(e) => {
          if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) setFollow(false);
        }}
      >
        <ol role="list" style={{ height: virtualizer.getTotalSize() }} className="dockerfile-stages-list">
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <li
                key={item.key}
                className={`stage-row ${row.kind} ${row.kind === 'stage' ? row.stage.state : row.step.state}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                aria-current={
                  (row.kind === 'step' ? row.step.state : row.stage.state) === 'active' ? 'step' : undefined
                }
                data-testid={row.kind === 'stage' ? 'stage-header' : 'stage-step'}
              >
                <Row row={row} onToggle={toggle} />
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

function Row({ row, onToggle }: { row: StageRow; onToggle: (index: number, expanded: boolean) => void }) {
  if (row.kind === 'stage') {
    const s = row.stage;
    const count = s.stepCount > 0 ? `${s.steps.length}/${s.stepCount}` : `${s.steps.length}`;
    return (
      <button
        type="button"
        className="stage-toggle"
        aria-expanded={row.expanded}
        onClick={() => onToggle(s.index, row.expanded)}
      >
        <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
        <span aria-hidden="true" className="stage-icon">
          {ICON[s.state]}
        </span>
        <span className="stage-title">{stageTitle(s, row.of)}</span>
        <span className="stage-meta">
          {count} steps {formatElapsed(s.elapsedMs)}
        </span>
        <span className="visually-hidden"> ({s.state})</span>
      </button>
    );
  }
  const t = row.step;
  return (
    <>
      <span aria-hidden="true" className="stage-icon">
        {ICON[t.state]}
      </span>
      <span className="step-n">{t.n}</span>
      <span className="step-text" title={t.text}>
        {t.text.split('\n', 1)[0]}
      </span>
      {t.cache && <span className={`cache-badge ${t.cache}`}>{CACHE_TEXT[t.cache]}</span>}
      <span className="stage-meta">{formatElapsed(t.elapsedMs)}</span>
      <span className="visually-hidden"> ({t.state})</span>
    </>
  );
}
