import { useMemo, useState } from 'react';
import type { MaskedCredential } from '../../electron/shared/contract/credentials';
import { useApi, useSticky } from '../api/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { CredentialForm, type FormSeed } from './registries/CredentialForm';
import { CredentialRows } from './registries/CredentialRows';
import { EnvImportOffer } from './registries/EnvImportOffer';
import { StorageNotice } from './registries/StorageNotice';
import { useCredentials } from './registries/use-credentials';
import './registries/registries.css';

/** Registries and their credentials: masked list, add/edit with Verify, environment import, storage mode. */
export default function RegistriesPage() {
  const client = useApi();
  const settings = useSticky('settings.changed');
  const { list, error, setError, refresh, apply } = useCredentials();
  const [editing, setEditing] = useState<MaskedCredential | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<MaskedCredential | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);

  const defaultRegistry = settings?.defaults.registry ?? 'docker.io';
  const seed = useMemo<FormSeed>(
    () =>
      editing
        ? { registry: editing.registry, username: editing.username, saved: true }
        : { registry: defaultRegistry, username: '', saved: false },
    [editing, defaultRegistry],
  );

  const remove = async (entry: MaskedCredential) => {
    setBusy(entry.registry);
    await apply(() => client.call('credentials.remove', { registry: entry.registry }));
    if (editing?.registry === entry.registry) setEditing(null);
    setBusy(null);
  };

  return (
    <div className="registries-page">
      <EnvImportOffer onImported={refresh} />
      {list && (
        <StorageNotice
          list={list}
          busy={busy === 'storage'}
          onChange={(storage) => {
            setBusy('storage');
            void apply(() => client.call('credentials.setStorage', { storage })).finally(() => setBusy(null));
          }}
        />
      )}
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

      <section aria-labelledby="registries-saved-title">
        <h2 id="registries-saved-title">Saved registries</h2>
        {savedNote && (
          <p role="status" className="notice success">
            {savedNote}
          </p>
        )}
        {list === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <CredentialRows
            entries={list.entries}
            busyRegistry={busy}
            onEdit={setEditing}
            onRemove={setConfirmRemove}
          />
        )}
      </section>

      <section aria-labelledby="registries-form-title">
        <h2 id="registries-form-title">{editing ? `Edit ${editing.registry}` : 'Add a registry'}</h2>
        <CredentialForm
          key={`${seed.registry}|${seed.saved}`}
          seed={seed}
          defaultRepository={settings?.defaults.repository ?? 'kaniko-nginx'}
          onSave={async (input) => {
            let saved = null;
            setSavedNote(null);
            const ok = await apply(async () => (saved = await client.call('credentials.save', input)));
            if (ok) {
              setEditing(null);
              setSavedNote(
                input.secret === undefined
                  ? `Saved ${input.registry}; the stored token was kept.`
                  : `Saved ${input.registry}.`,
              );
            }
            return ok ? saved : null;
          }}
          onVerified={refresh}
          {...(editing ? { onCancel: () => setEditing(null) } : {})}
        />
      </section>

      <ConfirmDialog
        open={confirmRemove !== null}
        title="Remove these credentials?"
        confirmLabel="Remove"
        cancelLabel="Keep them"
        danger
        onConfirm={() => {
          const entry = confirmRemove;
          setConfirmRemove(null);
          if (entry) void remove(entry);
        }}
        onCancel={() => setConfirmRemove(null)}
      >
        <p>Builds that push to {confirmRemove?.registry} will need a login again.</p>
      </ConfirmDialog>
    </div>
  );
}
