import http from 'node:http';

export interface HttpReply {
  status: number;
  body: string;
}

/** One HTTP request over the engine's unix socket (no dockerode, so the harness does not depend on app code). */
export function socketRequest(
  socketPath: string,
  method: string,
  path: string,
  opts: { body?: Buffer | string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, method, path, headers: opts.headers, timeout: opts.timeoutMs ?? 30_000, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} on ${socketPath} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** True when the socket answers GET /_ping with OK. */
export async function pingSocket(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const r = await socketRequest(socketPath, 'GET', '/_ping', { timeoutMs });
    return r.status === 200 && r.body.trim() === 'OK';
  } catch {
    return false;
  }
}

export async function waitForPing(socketPath: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingSocket(socketPath, 1000)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** GET a JSON document from the engine; libpod paths need a version prefix on Podman 4. */
export async function getJson<T>(socketPath: string, path: string): Promise<T> {
  const r = await socketRequest(socketPath, 'GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body) as T;
}

export interface LibpodInfo {
  host: { security: { rootless: boolean }; ociRuntime?: { name: string }; arch: string; os: string };
  store: { graphRoot: string; graphDriverName: string };
  version: { Version: string; APIVersion: string };
}

export function libpodInfo(socketPath: string): Promise<LibpodInfo> {
  return getJson<LibpodInfo>(socketPath, '/v4.0.0/libpod/info');
}
