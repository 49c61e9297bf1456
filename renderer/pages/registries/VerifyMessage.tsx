import type { VerifyOutcome } from '../../../electron/shared/contract/credentials';

/** The result of a Verify: what the registry said, and what to do on failure. */
export function VerifyMessage({ outcome }: { outcome: VerifyOutcome | null }) {
  if (!outcome) return null;
  return (
    <div
      className={`notice ${outcome.ok ? 'success' : 'error'} verify-message`}
      role="status"
      aria-live="polite"
    >
      <div>
        <strong>
          {outcome.ok ? '✓ ' : '✗ '}
          {outcome.message}
        </strong>
        {outcome.hint && <p>{outcome.hint}</p>}
      </div>
    </div>
  );
}
