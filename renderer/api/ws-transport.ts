import {
  WS_PATH,
  type Envelope,
  type EventMessage,
  type WsClientMessage,
  type WsServerMessage,
} from '../../electron/shared/contract';
import type { ConnectionProblem, Transport } from './transport';

const RETRY_MS = [250, 500, 1000, 2000, 3000];

/**
 * The browser-mode bridge: one WebSocket to 127.0.0.1 carrying requests (with ids) and events.
 * Requests made while disconnected wait for the connection; it reconnects with backoff.
 */
export function createWsTransport(baseUrl: string, token: string): Transport {
  const url = new URL(WS_PATH, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);

  const pending = new Map<number, (env: Envelope) => void>();
  const outbox: string[] = [];
  const eventListeners = new Set<(msg: EventMessage) => void>();
  const connListeners = new Set<(connected: boolean, problem?: ConnectionProblem) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let attempts = 0;
  let wantReady = false;
  /** Connections in a row that closed without ever opening. */
  let refusedInARow = 0;

  const send = (msg: WsClientMessage) => {
    const text = JSON.stringify(msg);
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempts = 0;
      refusedInARow = 0;
      if (wantReady) ws.send(JSON.stringify({ ready: true } satisfies WsClientMessage));
      for (const text of outbox.splice(0)) ws.send(text);
      for (const l of connListeners) l(true);
    };
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as WsServerMessage;
      if ('id' in msg) {
        pending.get(msg.id)?.(msg.response);
        pending.delete(msg.id);
      } else {
        for (const l of eventListeners) l(msg);
      }
    };
    ws.onclose = () => {
      refusedInARow = opened ? 0 : refusedInARow + 1;
      for (const l of connListeners) l(false);
      if (refusedInARow >= 2) void explainRefusal();
      // Requests in flight will not be answered by a new connection: fail them clearly.
      for (const [id, resolve] of pending) {
        resolve({
          ok: false,
          error: { code: 'UNAVAILABLE', message: 'Lost the connection to Kaniko Desktop.' },
        });
        pending.delete(id);
      }
      const delay = RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)];
      setTimeout(connect, delay);
    };
  };
  // A browser cannot read why an upgrade was refused. If the page's own server still answers plain HTTP
  // while every WebSocket is refused, the server no longer knows this tab's token: it was restarted.
  const explainRefusal = async () => {
    try {
      const res = await fetch(new URL('/', baseUrl), { cache: 'no-store' });
      if (res.ok && socket?.readyState !== WebSocket.OPEN)
        for (const l of connListeners) l(false, 'token-rejected');
    } catch {
      // The server is down (or moved to another port): keep retrying.
    }
  };
  connect();

  return {
    kind: 'browser',
    invoke: (method, params) =>
      new Promise<Envelope>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ id, method, params });
      }),
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    ready: () => {
      wantReady = true;
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ready: true }));
    },
    onConnection: (listener) => {
      connListeners.add(listener);
      return () => connListeners.delete(listener);
    },
  };
}

/** Reads the token from the page URL (#token=…), keeps it for reloads in this tab, and hides it from the address bar. */
export function takeTokenFromLocation(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('kaniko-desktop-token', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem('kaniko-desktop-token');
}
