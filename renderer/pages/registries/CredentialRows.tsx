import type { MaskedCredential } from '../../../electron/shared/contract/credentials';

interface Props {
  entries: MaskedCredential[];
  busyRegistry: string | null;
  onEdit(entry: MaskedCredential): void;
  onRemove(entry: MaskedCredential): void;
}

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** Saved registries with their masked state; the secret itself is never in the page. */
export function CredentialRows({ entries, busyRegistry, onEdit, onRemove }: Props) {
  if (entries.length === 0) {
    return <p className="muted">No credentials saved yet. Add Docker Hub (or any registry) below.</p>;
  }
  return (
    <ul className="credential-list" aria-label="Saved registry credentials">
      {entries.map((e) => (
        <li key={e.registry} className="credential-row">
          <div className="credential-main">
            <strong>{e.registry}</strong>
            <span>{e.username}</span>
            <span className="muted" aria-label="Token">
              {e.hint}
            </span>
            {e.source === 'env' && <span className="badge">from environment</span>}
            {e.verifiedAt !== null ? (
              <span className="badge ok" title={`Verified ${when(e.verifiedAt)}`}>
                verified
              </span>
            ) : (
              <span className="badge warn">not verified yet</span>
            )}
          </div>
          <div className="credential-actions">
            <button
              type="button"
              className="button"
              onClick={() => onEdit(e)}
              aria-label={`Edit / Verify ${e.registry}`}
            >
              Edit / Verify
            </button>
            <button
              type="button"
              className="button"
              disabled={busyRegistry === e.registry}
              onClick={() => onRemove(e)}
              aria-label={`Remove ${e.registry}`}
            >
              Remove
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
