import {
  events,
  isEventName,
  requests,
  type EventName,
  type EventPayload,
  type Params,
  type RequestName,
  type Result,
} from '../../electron/shared/contract';
import type { ErrorPayload } from '../../electron/shared/errors';
import type { ConnectionProblem, Transport } from './transport';

/** A failed request, as the main side described it (message and hint are meant for the user). */
export class ApiError extends Error {
  readonly code: ErrorPayload['code'];
  readonly hint: string | undefined;
  readonly fields: Record<string, string> | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.hint = payload.hint;
    this.fields = payload.fields;
  }
}

export interface Client {
  readonly kind: Transport['kind'];
  call<K extends RequestName>(method: K, params: Params<K>): Promise<Result<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** The latest payload of a sticky event, if one arrived. */
  latest<K extends EventName>(name: K): EventPayload<K> | undefined;
  onConnection(listener: (connected: boolean) => void): () => void;
  connected(): boolean;
  /** Why the connection stays down, when the transport knows (null otherwise). */
  connectionProblem(): ConnectionProblem | null;
}

/**
 * The typed API for React code. Results and events are validated against the same contract the main
 * side uses, so a mismatch shows up as a clear error instead of undefined fields deep in a component.
 */
export function createClient(transport: Transport): Client {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const latest = new Map<EventName, unknown>();
  let connected = true;
  let problem: ConnectionProblem | null = null;
  transport.onConnection?.((c, p) => {
    connected = c;
    problem = c ? null : (p ?? problem);
  });

  transport.onEvent((msg) => {
    if (!isEventName(msg.event)) return;
    const parsed = events[msg.event].payload.safeParse(msg.payload);
    if (!parsed.success) {
      console.warn(`Ignored malformed ${msg.event} event`, parsed.error.issues);
      return;
    }
    latest.set(msg.event, parsed.data);
    for (const l of listeners.get(msg.event) ?? []) l(parsed.data);
  });
  transport.ready();

  return {
    kind: transport.kind,
    async call(method, params) {
      const env = await transport.invoke(method, params);
      if (!env.ok) throw new ApiError(env.error);
      const parsed = requests[method].result.safeParse(env.result);
      if (!parsed.success) {
        throw new ApiError({ code: 'INTERNAL', message: `Malformed answer to ${method}.` });
      }
      return parsed.data as Result<typeof method>;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    latest: (name) => latest.get(name) as EventPayload<typeof name> | undefined,
    onConnection: (listener) => transport.onConnection?.(listener) ?? (() => undefined),
    connected: () => connected,
    connectionProblem: () => problem,
  };
}
