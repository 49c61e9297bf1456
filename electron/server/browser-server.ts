import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../app/create-app';
import { WS_PATH, type WsServerMessage } from '../shared/contract';
import { securityHeaders } from './security-headers';
import { serveStatic } from './static-files';

export interface BrowserServerOptions {
  app: Pick<App, 'dispatch' | 'hub'>;
  /** Folder of the built renderer (dist/renderer). */
  staticDir: string;
  /** 0 = a free port. */
  port?: number;
  token?: string;
}

export interface BrowserServer {
  url: string;
  /** The address to open: carries the token in the fragment, which is never sent over HTTP. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest request accepted from a page (requests are small; logs flow the other way). */
const MAX_PAYLOAD = 1024 * 1024;

/**
 * Browser mode: the same renderer and services over HTTP + WebSocket, bound to 127.0.0.1 only.
 * Every WebSocket needs the random token and an Origin of this very server; Host is checked too
 * (against DNS rebinding).
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server = createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, headers).end();
      return;
    }
    serveStatic(opts.staticDir, req, res, headers).catch(() => {
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must cost only its own socket.
    socket.on('error', () => socket.destroy());
    const refusal = refuse(req, token, allowedHosts());
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, opts.app));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Why an upgrade is refused, as an HTTP status line; null when it is allowed. */
function refuse(req: IncomingMessage, token: string, hosts: string[]): string | null {
  const url = parseTarget(req.url);
  if (!url) return '400 Bad Request';
  if (url.pathname !== WS_PATH) return '404 Not Found';
  if (!hosts.includes(req.headers.host ?? '')) return '421 Misdirected Request';
  const origin = req.headers.origin ?? '';
  if (!hosts.some((h) => origin === `http://${h}`)) return '403 Forbidden';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized';
  return null;
}

/** The request target as a URL, or null when it is not a path this server could have produced. */
function parseTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://x');
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveConnection(ws: WebSocket, app: Pick<App, 'dispatch' | 'hub'>): void {
  const send = (msg: WsServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const subscription = app.hub.subscribe(send);
  ws.on('close', () => subscription.close());
  // Oversized or malformed frames: ws closes this socket (1009/1002); without a listener the error would end the process.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data) => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      send({
        id: -1,
        response: { ok: false, error: { code: 'BAD_REQUEST', message: 'Messages must be JSON.' } },
      });
      return;
    }
    if (isObject(msg) && msg.ready === true) {
      subscription.ready();
      return;
    }
    const id = isObject(msg) && typeof msg.id === 'number' ? msg.id : -1;
    if (!isObject(msg) || id < 0) {
      send({
        id,
        response: { ok: false, error: { code: 'BAD_REQUEST', message: 'A request needs a numeric id.' } },
      });
      return;
    }
    void app
      .dispatch(msg.method, msg.params, { transport: 'browser' })
      .then((response) => send({ id, response }));
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
