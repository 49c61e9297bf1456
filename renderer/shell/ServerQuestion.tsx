import { useState } from 'react';
import type { ConfirmRequested } from '../../electron/shared/contract/confirm';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useApi, useEvent } from '../api/hooks';

/**
 * Browser mode: a question the server asks (credentials to a tcp:// engine, a non-default executor image,
 * a rootful engine, a kubeconfig exec plugin). The page cannot answer it alone: the user types the code
 * the server printed in its terminal.
 */
export function ServerQuestion() {
  const client = useApi();
  const [queue, setQueue] = useState<ConfirmRequested[]>([]);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEvent('confirm.requested', (q) => setQueue((list) => [...list, q]));
  useEvent('confirm.settled', ({ id }) => setQueue((list) => list.filter((q) => q.id !== id)));
  const current = queue[0];

  const answer = async (given: string | null) => {
    if (!current) return;
    const { state } = await client.call('confirm.answer', { id: current.id, code: given });
    if (state === 'wrong-code') {
      setError('That is not the code shown in the terminal.');
      return;
    }
    setError(null);
    setCode('');
    setQueue((list) => list.filter((q) => q.id !== current.id));
  };

  return (
    <ConfirmDialog
      open={!!current}
      title={current?.title ?? ''}
      confirmLabel={current?.confirmLabel ?? 'Allow'}
      cancelLabel="Don't allow"
      danger
      onConfirm={() => void answer(code.trim())}
      onCancel={() => void answer(null)}
    >
      <p>{current?.message}</p>
      <p>
        <code>{current?.detail}</code>
      </p>
      <label htmlFor="server-question-code">Code printed in the terminal where Kaniko Desktop runs</label>
      <input
        id="server-question-code"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      {error && <p role="alert">{error}</p>}
    </ConfirmDialog>
  );
}
