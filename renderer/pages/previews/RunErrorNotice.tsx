import type { PortConflict } from '../../../electron/shared/contract/preview';
import type { ErrorPayload } from '../../../electron/shared/errors';

interface Props {
  error: ErrorPayload;
  conflict: PortConflict | null;
  busy: boolean;
  onUsePort(port: number): void;
  onReplace(): void;
  onDismiss(): void;
}

/**
 * A failed run: the first line of the message as the headline, the rest (the container's last log
 * lines) as preformatted text, and the way out of a busy port as buttons.
 */
export function RunErrorNotice({ error, conflict, busy, onUsePort, onReplace, onDismiss }: Props) {
  const [headline, ...rest] = error.message.split('\n');
  const details = rest.join('\n').trim();
  return (
    <div className="notice error preview-run-error" role="alert">
      <div>
        <strong>{headline}</strong>
        {error.hint && <p>{error.hint}</p>}
        {details && (
          <pre className="preview-log-tail" aria-label="Container log">
            {details}
          </pre>
        )}
        {conflict && (
          <div className="row">
            {conflict.suggestedPort !== undefined && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => onUsePort(conflict.suggestedPort!)}
              >
                Use port {conflict.suggestedPort} instead
              </button>
            )}
            {conflict.holder === 'preview' && (
              <button
                type="button"
                className={conflict.suggestedPort === undefined ? 'primary' : undefined}
                disabled={busy}
                onClick={onReplace}
              >
                Replace that preview
              </button>
            )}
          </div>
        )}
      </div>
      <button type="button" className="icon" aria-label="Dismiss error" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
