import type { ReproducibilityReport } from '../../../electron/shared/contract/reproducibility';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { ComparisonView } from './ComparisonView';
import { useCompare } from './use-compare';
import './compare.css';

interface Props {
  buildId: string;
  /** The report kept with the history entry, if any. */
  stored?: ReproducibilityReport | null | undefined;
}

/**
 * "Rebuild and compare" of a finished build: runs it twice with --reproducible (a task in the task
 * centre, cancellable here too) and shows the diff of the two images; the report stays in History.
 */
export function ComparePanel({ buildId, stored }: Props) {
  const c = useCompare(buildId, stored ?? null);
  return (
    <section className="compare-panel" aria-label="Reproducibility check">
      <div className="row">
        <button
          type="button"
          disabled={c.running}
          onClick={() => void c.start()}
          title="Build it twice with Kaniko's --reproducible and compare the two images"
        >
          {c.running ? 'Rebuilding…' : c.report ? 'Rebuild and compare again' : 'Rebuild and compare'}
        </button>
        {c.running && (
          <button type="button" className="small" onClick={() => void c.cancel()}>
            Cancel
          </button>
        )}
      </div>
      {c.running && <ProgressBar value={c.progress} label={c.step ?? 'Rebuilding to compare'} />}
      {c.running && c.step && <p className="muted small">{c.step}</p>}
      <ErrorNotice error={c.error} onDismiss={c.dismiss} />
      {c.report && <ComparisonView report={c.report} />}
    </section>
  );
}
