import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A STAND-IN for Docker Hub (we cannot reach it from tests): one loopback HTTP server that plays both the
 * registry API and its token service, following the Docker registry token protocol:
 *   GET /v2/ → 401 + `WWW-Authenticate: Bearer realm="…/token",service="stand-in.docker.io"`
 *   GET /token?service=…&scope=repository:<name>:pull,push with Basic → 200 {token, access_token}
 *       or 401 {"details":"incorrect username or password"} (Docker Hub's wording)
 *   POST /v2/<name>/blobs/uploads/ with the bearer → 202 + Location when the token grants push,
 *       else 401 UNAUTHORIZED with `error="insufficient_scope"`
 *   DELETE <Location> → 204
 * A user whose token is read-only gets a token with pull only, as Docker Hub does for a "Read" PAT.
 */
export interface StandInUser {
  password: string;
  /** false = a read-only access token: login works, push is refused. */
  canPush: boolean;
}

export interface StandInRequest {
  method: string;
  path: string;
  authorization: string | null;
}

export interface StandInTokenServer {
  /** http://127.0.0.1:<port> */
  url: string;
  service: string;
  requests: StandInRequest[];
  /** Answer every request with 429 (Docker Hub's rate limit) while true. */
  setRateLimited(on: boolean): void;
  /** Uploads started and not yet cancelled. */
  openUploads(): number;
  close(): Promise<void>;
}

export async function startStandInTokenServer(
  users: Record<string, StandInUser>,
): Promise<StandInTokenServer> {
  const service = 'stand-in.docker.io';
  const tokens = new Map<string, { user: string; scopes: Map<string, Set<string>> }>();
  const uploads = new Set<string>();
  const requests: StandInRequest[] = [];
  let rateLimited = false;
  let base = '';

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const challenge = (scope?: string, error?: string) =>
    `Bearer realm="${base}/token",service="${service}"${scope ? `,scope="${scope}"` : ''}${error ? `,error="${error}"` : ''}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const authorization = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization });
    req.resume();

    if (rateLimited) {
      return json(
        res,
        429,
        { errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] },
        { 'retry-after': '60' },
      );
    }

    if (url.pathname === '/token' && req.method === 'GET') {
      const basic = parseBasic(authorization);
      const user = basic ? users[basic.user] : undefined;
      if (!basic || !user || user.password !== basic.pass) {
        return json(res, 401, { details: 'incorrect username or password' });
      }
      const scopes = new Map<string, Set<string>>();
      const scope = url.searchParams.get('scope');
      const m = scope ? /^repository:([^:]+):(.+)$/.exec(scope) : null;
      if (m?.[1] && m[2]) {
        const wanted = m[2].split(',');
        // Hub grants push only in the user's namespace and only for a read-write token.
        const own = m[1].startsWith(`${basic.user}/`);
        scopes.set(
          m[1],
          new Set(wanted.filter((a) => a === 'pull' || (a === 'push' && own && user.canPush))),
        );
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, { user: basic.user, scopes });
      return json(res, 200, {
        token,
        access_token: token,
        expires_in: 300,
        issued_at: new Date().toISOString(),
      });
    }

    if (url.pathname === '/v2/' && req.method === 'GET') {
      const grant = bearer(authorization) ? tokens.get(bearer(authorization) ?? '') : undefined;
      if (!grant) return json(res, 401, unauthorized(), { 'www-authenticate': challenge() });
      return json(res, 200, {});
    }

    const upload = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(url.pathname);
    if (upload?.[1] && req.method === 'POST') {
      const repo = upload[1];
      const grant = tokens.get(bearer(authorization) ?? '');
      if (!grant?.scopes.get(repo)?.has('push')) {
        return json(res, 401, unauthorized(), {
          'www-authenticate': challenge(`repository:${repo}:pull,push`, 'insufficient_scope'),
        });
      }
      const id = randomUUID();
      uploads.add(id);
      res.writeHead(202, {
        location: `${base}/v2/${repo}/blobs/uploads/${id}?_state=stand-in`,
        'docker-upload-uuid': id,
        'content-length': '0',
      });
      return res.end();
    }

    const cancel = /^\/v2\/(.+)\/blobs\/uploads\/([0-9a-f-]+)$/.exec(url.pathname);
    if (cancel?.[2] && req.method === 'DELETE') {
      if (!tokens.has(bearer(authorization) ?? '')) return json(res, 401, unauthorized());
      if (!uploads.delete(cancel[2])) return json(res, 404, { errors: [{ code: 'BLOB_UPLOAD_UNKNOWN' }] });
      res.writeHead(204);
      return res.end();
    }

    json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'stand-in: no such route' }] });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    service,
    requests,
    setRateLimited: (on) => {
      rateLimited = on;
    },
    openUploads: () => uploads.size,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function unauthorized() {
  return { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] };
}

function parseBasic(header: string | null): { user: string; pass: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

function bearer(header: string | null): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}
