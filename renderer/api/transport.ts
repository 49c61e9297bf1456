import type { Envelope, EventMessage } from '../../electron/shared/contract';

/** How the renderer reaches the services: Electron IPC (desktop) or the WebSocket bridge (browser mode). */
export interface Transport {
  readonly kind: 'desktop' | 'browser';
  invoke(method: string, params: unknown): Promise<Envelope>;
  onEvent(listener: (msg: EventMessage) => void): () => void;
  /** Tells the main side the renderer has subscribed; queued events flow from now on. */
  ready(): void;
  /** Connection state of the transport itself (the WebSocket can drop; IPC cannot). */
  onConnection?(listener: (connected: boolean) => void): () => void;
}
