import { events, type EventMessage, type EventName, type EventPayload } from '../shared/contract';
import type { Redactor } from './redactor';

/** How many messages a not-yet-ready subscriber may queue before the oldest are dropped. */
const MAX_QUEUE = 5_000;

export interface Subscription {
  /** The receiver can take messages now: flush what was queued, then deliver directly. */
  ready(): void;
  close(): void;
}

interface Subscriber {
  send: (msg: EventMessage) => void;
  queue: EventMessage[] | null; // null once ready
}

/**
 * Fans events out to every connected renderer (IPC window or WebSocket client). Payloads are
 * validated against the contract and redacted once, here. Events sent before a renderer is ready
 * are queued, and sticky (state) events are replayed to late subscribers.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly sticky = new Map<EventName, EventMessage>();

  constructor(
    private readonly redactor: Redactor,
    private readonly onInvalid: (name: string, error: string) => void = (name, error) =>
      console.error(`dropped invalid ${name} event: ${error}`),
  ) {}

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const def = events[name];
    const parsed = def.payload.safeParse(payload);
    if (!parsed.success) {
      this.onInvalid(name, parsed.error.message);
      return;
    }
    const msg = { event: name, payload: this.redactor.redactDeep(parsed.data) } as EventMessage;
    if (def.sticky) this.sticky.set(name, msg);
    for (const sub of this.subscribers) deliver(sub, msg);
  }

  /** The latest value of a sticky event, if any was emitted. */
  latest<K extends EventName>(name: K): EventPayload<K> | undefined {
    return this.sticky.get(name)?.payload as EventPayload<K> | undefined;
  }

  subscribe(send: (msg: EventMessage) => void): Subscription {
    const sub: Subscriber = { send, queue: [...this.sticky.values()] };
    this.subscribers.add(sub);
    return {
      ready: () => {
        const queued = sub.queue;
        if (queued === null) return;
        sub.queue = null;
        for (const msg of queued) send(msg);
      },
      close: () => {
        this.subscribers.delete(sub);
      },
    };
  }
}

function deliver(sub: Subscriber, msg: EventMessage): void {
  if (sub.queue === null) {
    sub.send(msg);
    return;
  }
  sub.queue.push(msg);
  if (sub.queue.length > MAX_QUEUE) sub.queue.splice(0, sub.queue.length - MAX_QUEUE);
}
