import { useEffect, useState } from 'react';
import type { EnvImportStatus } from '../../../electron/shared/contract/credentials';
import { useApi } from '../../api/hooks';
import { toFailure, type Failure } from './failure';

interface Props {
  onImported(): void;
}

/** DOCKER_HUB_USERNAME / DOCKER_HUB_KANIKO_PAT in the app's environment: offered once, imported on click. */
export function EnvImportOffer({ onImported }: Props) {
  const client = useApi();
  const [status, setStatus] = useState<EnvImportStatus | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('credentials.envImport', { apply: false }).then(setStatus, () => setStatus(null));
  }, [client]);

  if (!status?.available || status.imported) return null;
  const importNow = async () => {
    setBusy(true);
    try {
      setStatus(await client.call('credentials.envImport', { apply: true }));
      onImported();
    } catch (e) {
      setError(toFailure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice info env-offer" role="region" aria-label="Import from environment">
      <div>
        <strong>Docker Hub credentials found in the environment</strong>
        <p>
          DOCKER_HUB_USERNAME ({status.username}) and DOCKER_HUB_KANIKO_PAT are set. Use them for docker.io?
        </p>
        {error && <p className="warn-text">{error.message}</p>}
      </div>
      <button type="button" className="button primary" disabled={busy} onClick={() => void importNow()}>
        Import for docker.io
      </button>
    </div>
  );
}
