import { useCallback, useState } from 'react';
import type { Params, RequestName } from '../../../electron/shared/contract';
import type { ErrorPayload } from '../../../electron/shared/errors';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/hooks';

type MachineRequest = Extract<RequestName, `machine.${string}`>;

export interface ActionError {
  message: string;
  hint?: string;
  fields?: Record<string, string>;
  code?: ErrorPayload['code'];
}

/** Runs machine requests one at a time per key, keeping which one is busy and the last error. */
export function useMachineActions() {
  const client = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ActionError | null>(null);

  const run = useCallback(
    async <K extends MachineRequest>(key: string, method: K, params: Params<K>) => {
      setBusy(key);
      setError(null);
      try {
        return await client.call(method, params);
      } catch (err) {
        setError(
          err instanceof ApiError
            ? { message: err.message, hint: err.hint, fields: err.fields, code: err.code }
            : { message: err instanceof Error ? err.message : String(err) },
        );
        return null;
      } finally {
        setBusy(null);
      }
    },
    [client],
  );

  return { run, busy, error, clearError: () => setError(null) };
}
