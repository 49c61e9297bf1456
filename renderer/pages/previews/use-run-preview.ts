import { useCallback, useState } from 'react';
import {
  readPortConflict,
  type PortConflict,
  type PreviewRunResult,
} from '../../../electron/shared/contract/preview';
import type { Params } from '../../../electron/shared/contract';
import type { ErrorPayload } from '../../../electron/shared/errors';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/hooks';
import { openInBrowser } from './open-page';

export type RunParams = Params<'preview.run'>;

export interface RunState {
  running: boolean;
  /** The last failure, as the service worded it. */
  error: ErrorPayload | null;
  /** Set when the failure was a busy host port: who holds it and what we can offer. */
  conflict: PortConflict | null;
  result: PreviewRunResult | null;
  /** The params of the last attempt, so "use port N" / "replace" can retry with one change. */
  last: RunParams | null;
}

const IDLE: RunState = { running: false, error: null, conflict: null, result: null, last: null };

/** Runs a preview, opens it when ready (optionally), and keeps the outcome for the form to show. */
export function useRunPreview(opts: { openWhenReady: boolean; onReady?: (r: PreviewRunResult) => void }) {
  const client = useApi();
  const [state, setState] = useState<RunState>(IDLE);
  const { openWhenReady, onReady } = opts;

  const run = useCallback(
    async (params: RunParams) => {
      setState({ ...IDLE, running: true, last: params });
      try {
        const result = await client.call('preview.run', params);
        setState({ ...IDLE, result, last: params });
        onReady?.(result);
        if (openWhenReady) await openInBrowser(client, result.url).catch(() => undefined);
      } catch (err) {
        const error: ErrorPayload =
          err instanceof ApiError
            ? { code: err.code, message: err.message, hint: err.hint, fields: err.fields }
            : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
        setState({ ...IDLE, error, conflict: readPortConflict(error), last: params });
      }
    },
    [client, openWhenReady, onReady],
  );

  const dismiss = useCallback(() => setState((s) => ({ ...s, error: null, conflict: null })), []);
  return { state, run, dismiss };
}
