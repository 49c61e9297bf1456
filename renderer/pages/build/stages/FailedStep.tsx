import type { BuildFailure } from '../../../../electron/shared/contract/build';
import './stages.css';

/** A failed build's lead: the step that failed, its exit status, and the lines just before. */
export function FailedStep({
  failure,
}: {
  failure: Partial<BuildFailure> & Pick<BuildFailure, 'explanation' | 'fix'>;
}) {
  const step = failure.step ?? null;
  const where = step
    ? `Step ${step.n}${step.stageName ? ` in stage '${step.stageName}'` : step.stageIndex !== null ? ` in stage ${step.stageIndex + 1}` : ''}`
    : null;
  const lines = failure.lastLines ?? [];
  return (
    <div className="failed-step" data-testid="failed-step">
      {where && (
        <p>
          <strong>{where} failed</strong>
          {typeof failure.exitStatus === 'number' && <> with exit status {failure.exitStatus}</>}:{' '}
          <code>{step?.text.split('\n', 1)[0]}</code>
        </p>
      )}
      <p>{failure.explanation}</p>
      <p>
        <strong>What to do:</strong> {failure.fix}
      </p>
      {lines.length > 0 && (
        <details open>
          <summary>Last lines before the failure</summary>
          <pre data-testid="failure-last-lines">{lines.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
