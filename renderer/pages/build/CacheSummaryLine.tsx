import type { CacheSummary } from '../../../electron/shared/contract/build';
import { cacheSummaryText } from './cache-summary-text';

/** One line under a build's result (Build page, History): what the caches did for it. */
export function CacheSummaryLine({ cache }: { cache: CacheSummary | null | undefined }) {
  const parts = cache ? cacheSummaryText(cache) : [];
  if (parts.length === 0) return null;
  return (
    <p className="cache-summary muted" data-testid="cache-summary">
      Cache: {parts.join('; ')}.
    </p>
  );
}
