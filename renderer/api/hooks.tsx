import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { EventName, EventPayload } from '../../electron/shared/contract';
import type { Client } from './client';

const ApiContext = createContext<Client | null>(null);

export function ApiProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): Client {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi must be used inside <ApiProvider>');
  return client;
}

/** Calls `listener` for every event of that name while the component is mounted. */
export function useEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): void {
  const client = useApi();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => client.on(name, (p) => ref.current(p)), [client, name]);
}

/** The latest value of a sticky (state) event, re-rendering when it changes. */
export function useSticky<K extends EventName>(name: K): EventPayload<K> | undefined {
  const client = useApi();
  const subscribe = useCallback((onChange: () => void) => client.on(name, onChange), [client, name]);
  return useSyncExternalStore(subscribe, () => client.latest(name));
}

/** Why the transport stays disconnected, when known (e.g. browser mode restarted with a new token). */
export function useConnectionProblem(): ReturnType<Client['connectionProblem']> {
  const client = useApi();
  const subscribe = useCallback((onChange: () => void) => client.onConnection(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.connectionProblem());
}

/** Whether the transport is connected (always true for Electron IPC). */
export function useConnected(): boolean {
  const client = useApi();
  const subscribe = useCallback((onChange: () => void) => client.onConnection(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.connected());
}
