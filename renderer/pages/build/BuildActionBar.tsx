import { useTask } from '../../shell/tasks-context';
import { useNow } from '../../shell/elapsed';
import { buildStatus, type BuildStatusInput } from './build-status';

interface Props {
  taskId: string | null;
  result: BuildStatusInput['result'];
  startError: BuildStatusInput['startError'];
  /** Brings the outcome (result panel or error) into view. */
  onShowOutcome(): void;
  onCancel(): void;
}

/**
 * The primary action and the outcome, kept in view while the form scrolls: Build / Cancel, what the
 * build is doing and for how long, and how it ended (a link scrolls to the details).
 */
export function BuildActionBar({ taskId, result, startError, onShowOutcome, onCancel }: Props) {
  const task = useTask(taskId);
  const busy = taskId !== null;
  const now = useNow(busy);
  const status = buildStatus({
    running: busy ? { step: task?.step ?? null, startedAt: task?.startedAt ?? now } : null,
    result,
    startError,
    now,
  });
  return (
    <div className={`build-actions ${status.tone}`} data-testid="build-actions">
      <button type="submit" className="button primary" disabled={busy} aria-keyshortcuts="Control+B Meta+B">
        {busy ? 'Building…' : 'Build'}
      </button>
      <button
        type="button"
        className="button danger"
        // Off while the image is committed (loaded into Podman, tags written): a cancel would only race it.
        disabled={!busy || task?.cancellable === false}
        title={
          busy && task?.cancellable === false ? 'The image is being saved: too late to cancel' : undefined
        }
        onClick={onCancel}
      >
        Cancel
      </button>
      <p className="build-status" role="status" data-testid="build-status">
        {status.tone !== 'idle' && status.tone !== 'running' ? (
          <button type="button" className="link" onClick={onShowOutcome}>
            {status.text}
          </button>
        ) : (
          status.text
        )}
      </p>
    </div>
  );
}
