import type { Envelope, EventMessage } from '../../electron/shared/contract';

export type ConnectionProblem = 'token-rejected';

/** How the renderer reaches the services: Electron IPC (desktop) or the WebSocket bridge (browser mode). */
export interface Transport {
  readonly kind: 'desktop' | 'browser';
  invoke(method: string, params: unknown): Promise<Envelope>;
  onEvent(listener: (msg: EventMessage) => void): () => void;
  /** Tells the main side the renderer has subscribed; queued events flow from now on. */
  ready(): void;
  /**
   * Connection state of the transport itself (the WebSocket can drop; IPC cannot). `problem` says why it
   * stays down when that is known: the server answers but refuses this tab's token (it was restarted).
   */
  onConnection?(listener: (connected: boolean, problem?: ConnectionProblem) => void): () => void;
}
