import { useId, useState, type FormEvent } from 'react';
import type { CredentialList, VerifyOutcome } from '../../../electron/shared/contract/credentials';
import { useApi } from '../../api/hooks';
import { FieldError } from '../../components/FieldError';
import { toFailure } from './failure';
import { VerifyMessage } from './VerifyMessage';

export interface FormSeed {
  registry: string;
  username: string;
  /** true when editing a saved entry: an empty token field means "keep / check the saved one". */
  saved: boolean;
}

interface Props {
  seed: FormSeed;
  /** Repository the push check uses (from the settings' defaults). */
  defaultRepository: string;
  onSave(input: { registry: string; username: string; secret?: string }): Promise<CredentialList | null>;
  /** A Verify passed: the list may now show the entry as verified. */
  onVerified?: () => void;
  onCancel?: () => void;
}

const KNOWN = ['docker.io', 'ghcr.io', 'quay.io', '127.0.0.1:5000'];

/**
 * Registry host, username and token; Verify asks the registry, Save stores (the token never comes back).
 * The parent gives it a `key` per seed, so editing another entry starts from a fresh form.
 */
export function CredentialForm({ seed, defaultRepository, onSave, onVerified, onCancel }: Props) {
  const client = useApi();
  const id = useId();
  const [registry, setRegistry] = useState(seed.registry);
  const [username, setUsername] = useState(seed.username);
  const [secret, setSecret] = useState('');
  const [repository, setRepository] = useState(defaultRepository);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const [busy, setBusy] = useState<'verify' | 'save' | null>(null);

  const hub = registry.trim().toLowerCase() === 'docker.io';
  const emailWarning =
    hub && username.includes('@')
      ? 'Docker Hub needs your Docker ID here, not your e-mail address.'
      : undefined;

  const verify = async () => {
    setBusy('verify');
    setOutcome(null);
    try {
      const canUseSaved = seed.saved && secret === '' && username.trim() === seed.username;
      const r = await client.call('credentials.verify', {
        registry: registry.trim(),
        ...(username.trim() ? { username: username.trim() } : {}),
        ...(canUseSaved || secret === '' ? {} : { secret }),
        ...(repository.trim() ? { repository: repository.trim() } : {}),
      });
      setOutcome(r);
      setFields({});
      if (r.ok) onVerified?.();
    } catch (e) {
      const f = toFailure(e);
      setFields(f.fields ?? {});
      setOutcome({
        ok: false,
        registry,
        message: f.message,
        hint: f.hint,
        canPush: null,
        checkedAt: Date.now(),
      });
    } finally {
      setBusy(null);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    // Editing a saved entry with the token field left empty keeps the stored token.
    const keepToken = secret === '' && seed.saved && registry.trim() === seed.registry;
    if (secret === '' && !keepToken) {
      setFields({ secret: 'Enter a token or password.' });
      return;
    }
    setBusy('save');
    try {
      const list = await onSave({
        registry: registry.trim(),
        username: username.trim(),
        ...(keepToken ? {} : { secret }),
      });
      if (list) {
        setSecret(''); // the token is not kept in the page once saved
        setFields({});
      }
    } catch (err) {
      setFields(toFailure(err).fields ?? {});
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="credential-form" onSubmit={(e) => void save(e)} aria-label="Registry credentials">
      <label htmlFor={`${id}-registry`}>Registry</label>
      <div>
        <input
          id={`${id}-registry`}
          type="text"
          list={`${id}-known`}
          value={registry}
          onChange={(e) => setRegistry(e.target.value)}
          placeholder="docker.io"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-registry-error`}
          aria-invalid={fields.registry ? true : undefined}
          required
        />
        <datalist id={`${id}-known`}>
          {KNOWN.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <FieldError id={`${id}-registry-error`} message={fields.registry} />
      </div>

      <label htmlFor={`${id}-username`}>{hub ? 'Docker ID' : 'Username'}</label>
      <div>
        <input
          id={`${id}-username`}
          type="text"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          spellCheck={false}
          aria-describedby={`${id}-username-error`}
          aria-invalid={fields.username || emailWarning ? true : undefined}
          required
        />
        <FieldError id={`${id}-username-error`} message={fields.username ?? emailWarning} />
      </div>

      <label htmlFor={`${id}-secret`}>{hub ? 'Access token' : 'Token or password'}</label>
      <div>
        <input
          id={`${id}-secret`}
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete="off"
          placeholder={seed.saved ? '•••• saved (leave empty to keep it)' : ''}
          aria-describedby={`${id}-secret-help ${id}-secret-error`}
          aria-invalid={fields.secret ? true : undefined}
        />
        <p id={`${id}-secret-help`} className="muted form-help">
          {hub
            ? 'A personal access token with Read & Write access (Docker Hub → Account settings → Personal access tokens).'
            : 'Stored encrypted where possible and never shown again.'}
        </p>
        <FieldError id={`${id}-secret-error`} message={fields.secret} />
      </div>

      <label htmlFor={`${id}-repository`}>Check push to</label>
      <div>
        <input
          id={`${id}-repository`}
          type="text"
          value={repository}
          onChange={(e) => setRepository(e.target.value)}
          spellCheck={false}
          aria-describedby={`${id}-repository-help`}
        />
        <p id={`${id}-repository-help`} className="muted form-help">
          Repository Verify checks push rights on{hub ? ' (your Docker ID is added in front)' : ''}; empty
          checks the login only.
        </p>
      </div>

      <div className="form-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void verify()}>
          {busy === 'verify' ? 'Verifying…' : 'Verify'}
        </button>
        <button type="submit" className="button primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <div className="form-result">
        <VerifyMessage outcome={outcome} />
      </div>
    </form>
  );
}
