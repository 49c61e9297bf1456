import type { BuildResult } from '../../../electron/shared/contract/build';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ComparePanel } from '../compare/ComparePanel';
import { RunPreviewButton } from '../previews/RunPreviewButton';
import { CacheSummaryLine } from './CacheSummaryLine';
import { FailedStep } from './stages/FailedStep';

/** The outcome: digest, references, duration; on failure the failing step first, then the error. */
export function BuildResultPanel({ result }: { result: BuildResult }) {
  const image = result.loadedImages[0] ?? result.pushed[0] ?? result.destinations[0] ?? null;
  return (
    <section className={`build-result ${result.result}`} aria-label="Build result" data-testid="build-result">
      <h3>
        {result.result === 'succeeded'
          ? 'Build succeeded'
          : result.result === 'cancelled'
            ? 'Build cancelled'
            : 'Build failed'}{' '}
        <span className="muted">in {(result.durationMs / 1000).toFixed(1)} s</span>
      </h3>
      {result.result === 'failed' && result.failure && <FailedStep failure={result.failure} />}
      {result.result === 'failed' && !result.failure && <ErrorNotice error={result.error} />}
      {result.result === 'succeeded' && (
        <dl className="build-result-facts">
          {result.digest && (
            <>
              <dt>Digest</dt>
              <dd>
                <code data-testid="build-digest">{result.digest}</code>
              </dd>
            </>
          )}
          {result.pushed.length > 0 && (
            <>
              <dt>Pushed</dt>
              <dd>{result.pushed.join(', ')}</dd>
            </>
          )}
          {result.loadedImages.length > 0 && (
            <>
              <dt>In Podman</dt>
              <dd>{result.loadedImages.join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {result.result === 'succeeded' && <CacheSummaryLine cache={result.cache} />}
      {result.result === 'succeeded' && image && <RunPreviewButton image={image} />}
      {result.result === 'succeeded' && <ComparePanel key={result.buildId} buildId={result.buildId} />}
    </section>
  );
}
