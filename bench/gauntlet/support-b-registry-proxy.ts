import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to a request once the fault is on. */
export type RegistryFault = 'stopped' | '500' | '429';

export interface FaultPlan {
  fault: RegistryFault;
  /** The fault starts once this many writes (blob uploads, then manifest PUTs) of the push succeeded. */
  afterWrites: number;
  /** Requests the fault lasts for (a registry that recovers by itself); null = until heal(). */
  requests: number | null;
  /** Seconds in the 429's Retry-After. */
  retryAfterSeconds: number;
}

/**
 * A small HTTP proxy in front of the harness's real registry that can turn into a broken registry in
 * the middle of a push: stopped (the port refuses connections and open ones drop), answering 500, or
 * answering 429 with Retry-After. It arms when the push begins (the first blob HEAD) and counts the
 * push's successful writes, so a seed can place the fault before any blob, between blobs, or between
 * the tags. Host headers pass unchanged: the registry's upload locations point back at the proxy.
 */
export class RegistryFaultProxy {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private armed = false;
  private writes = 0;
  private faultLeft: number | null = null;
  private active = false;
  /** When the fault began (performance.now()), null before. */
  faultAt: number | null = null;
  /** Requests the fault answered (or refused). */
  faulted = 0;

  constructor(
    private readonly upstream: string,
    private readonly plan: FaultPlan | null,
  ) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** host:port the app pushes to. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The registry is healthy again (a stopped one listens again on the same port). */
  async heal(): Promise<void> {
    const wasStopped = this.active && this.plan?.fault === 'stopped';
    this.active = false;
    this.armed = false;
    if (wasStopped && !this.server.listening) await this.start();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise((r) => this.server.close(r));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    if (!this.armed && req.method === 'HEAD' && /\/blobs\/sha256:/.test(url)) this.armed = true;
    if (
      this.armed &&
      this.plan &&
      !this.active &&
      this.faultAt === null &&
      this.writes >= this.plan.afterWrites
    ) {
      this.begin();
    }
    if (this.active && this.plan) {
      this.faulted++;
      if (this.faultLeft !== null && --this.faultLeft <= 0) this.active = false;
      this.answerFault(this.plan, req, res);
      return;
    }
    this.forward(req, res);
  }

  private begin(): void {
    if (!this.plan) return;
    this.active = true;
    this.faultAt = performance.now();
    this.faultLeft = this.plan.requests;
    if (this.plan.fault === 'stopped' && this.plan.requests === null) {
      // A registry process that died: nothing listens, open connections drop.
      this.server.close();
      setImmediate(() => {
        for (const s of this.sockets) s.destroy();
      });
    }
  }

  private answerFault(plan: FaultPlan, req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    if (plan.fault === 'stopped') {
      req.socket.destroy();
      return;
    }
    const body = JSON.stringify({
      errors: [{ code: plan.fault === '429' ? 'TOOMANYREQUESTS' : 'UNKNOWN', message: 'injected fault' }],
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
    if (plan.fault === '429') headers['retry-after'] = String(plan.retryAfterSeconds);
    res.writeHead(plan.fault === '429' ? 429 : 500, headers).end(body);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const [host, port] = this.upstream.split(':');
    const isWrite =
      req.method === 'PUT' &&
      (/\/blobs\/uploads\/.*digest=/.test(req.url ?? '') || /\/manifests\//.test(req.url ?? ''));
    const up = http.request(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent: false },
      (upRes) => {
        if (isWrite && (upRes.statusCode === 201 || upRes.statusCode === 204)) this.writes++;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.on('error', () => up.destroy());
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }
}
