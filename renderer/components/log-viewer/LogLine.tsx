import { memo } from 'react';
import { ansiSegments, markMatches } from './ansi';

interface Props {
  text: string;
  query: string;
  /** Arrival time (0 = unknown); shown only when `showTime`. */
  time: number;
  showTime: boolean;
  current: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatTime(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** One log line: ANSI colours as spans, search matches as <mark>, optional timestamp gutter. */
export const LogLine = memo(function LogLine({ text, query, time, showTime, current }: Props) {
  const segments = markMatches(ansiSegments(text), query);
  return (
    <>
      {showTime && <span className="log-time">{formatTime(time)}</span>}
      <span className={current ? 'log-text log-current' : 'log-text'}>
        {segments.map((s, i) => {
          const style = s.fg || s.bg ? { color: s.fg, backgroundColor: s.bg } : undefined;
          if (s.mark) {
            return (
              <mark key={i} className={s.cls || undefined} style={style}>
                {s.text}
              </mark>
            );
          }
          if (!s.cls && !style) return s.text;
          return (
            <span key={i} className={s.cls || undefined} style={style}>
              {s.text}
            </span>
          );
        })}
        {text === '' ? '\u200b' : null}
      </span>
    </>
  );
});
