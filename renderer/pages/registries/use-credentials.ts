import { useCallback, useEffect, useState } from 'react';
import type { CredentialList } from '../../../electron/shared/contract/credentials';
import { useApi } from '../../api/hooks';
import { toFailure, type Failure } from './failure';

/** The masked credential list, plus a runner that refreshes it from each request's answer. */
export function useCredentials() {
  const client = useApi();
  const [list, setList] = useState<CredentialList | null>(null);
  const [error, setError] = useState<Failure | null>(null);

  const refresh = useCallback(() => {
    client.call('credentials.list', {}).then(setList, (e: unknown) => setError(toFailure(e)));
  }, [client]);

  useEffect(refresh, [refresh]);

  /** Runs a request that answers with the new list; returns false (and shows the error) on failure. */
  const apply = useCallback(async (fn: () => Promise<CredentialList>): Promise<boolean> => {
    try {
      setList(await fn());
      setError(null);
      return true;
    } catch (e) {
      setError(toFailure(e));
      return false;
    }
  }, []);

  return { list, error, setError, refresh, apply };
}
