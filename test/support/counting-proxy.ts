import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP forwarder on 127.0.0.1 in front of the harness's real registry that counts what passes:
 * the access log the registry itself does not keep (its log level is warn). Requests and answers go
 * through unchanged, auth challenges included.
 */
export interface CountingProxy {
  /** 127.0.0.1:PORT: a registry address of its own (logins are saved for it like for any registry). */
  address: string;
  requests: { method: string; path: string; status: number }[];
  /** GETs of layer or config blobs (HEADs and manifests do not download an image). */
  blobGets(): number;
  reset(): void;
  /** Holds every blob download this long before forwarding it (a slow registry). */
  delayBlobs(ms: number): void;
  /** Blob requests being held now. */
  pending(): number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [host = '127.0.0.1', port = '80'] = target.split(':');
  const requests: CountingProxy['requests'] = [];
  let blobDelayMs = 0;
  let held = 0;
  const server = http.createServer((req, res) => {
    const delay = /\/blobs\/sha256:/.test(req.url ?? '') ? blobDelayMs : 0;
    if (delay <= 0) return forward(req, res);
    held += 1;
    setTimeout(() => {
      held -= 1;
      forward(req, res);
    }, delay).unref();
  });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (res.destroyed) return;
    const upstream = http.request(
      {
        host,
        port: Number(port),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target },
      },
      (answer) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    requests,
    blobGets: () =>
      requests.filter((r) => r.method === 'GET' && /\/blobs\/sha256:/.test(r.path) && r.status < 300).length,
    reset: () => requests.splice(0),
    pending: () => held,
    delayBlobs: (ms) => {
      blobDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
