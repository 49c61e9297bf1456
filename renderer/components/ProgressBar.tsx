interface Props {
  /** 0..1, or null when the amount of work is unknown (an indeterminate stripe). */
  value: number | null;
  label: string;
  className?: string;
}

/** An accessible progress bar (role=progressbar with value text). */
export function ProgressBar({ value, label, className }: Props) {
  const pct = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress${pct === null ? ' indeterminate' : ''}${className ? ` ${className}` : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      aria-valuetext={pct === null ? 'In progress' : `${pct}%`}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
