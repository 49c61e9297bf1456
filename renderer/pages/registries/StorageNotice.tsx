import type { CredentialList } from '../../../electron/shared/contract/credentials';

interface Props {
  list: CredentialList;
  busy: boolean;
  onChange(storage: 'memory' | 'encrypted-file'): void;
}

const TITLES: Record<CredentialList['storage'], string> = {
  keychain: 'Saved in the OS keychain',
  'encrypted-file': 'Saved in an encrypted file',
  memory: 'Kept in memory only',
};

/** Says where saved secrets live; in browser mode, lets the user opt into (or out of) the encrypted file. */
export function StorageNotice({ list, busy, onChange }: Props) {
  const kind = list.storage === 'memory' ? 'notice info' : 'notice';
  return (
    <div className={`${kind} storage-notice`} role="status" aria-label="Where credentials are stored">
      <div>
        <strong>{TITLES[list.storage]}</strong>
        <p>{list.storageDescription}</p>
        {list.notice && <p className="warn-text">{list.notice}</p>}
      </div>
      {list.canChangeStorage && (
        <label className="toggle">
          <input
            type="checkbox"
            checked={list.storage === 'encrypted-file'}
            disabled={busy}
            onChange={(e) => onChange(e.target.checked ? 'encrypted-file' : 'memory')}
          />
          Remember credentials in an encrypted file
        </label>
      )}
    </div>
  );
}
