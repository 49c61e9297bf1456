import { LinkedText } from './LinkedText';

interface Props {
  error: { message: string; hint?: string | undefined } | null | undefined;
  onDismiss?: () => void;
}

/** A failure as the services described it: what happened, and what to do about it. */
export function ErrorNotice({ error, onDismiss }: Props) {
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      <div>
        <strong>
          <LinkedText text={error.message} />
        </strong>
        {error.hint && (
          <p>
            <LinkedText text={error.hint} />
          </p>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="icon" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
