import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
 *   HEAD /v2/<name>/blobs/<digest> (pull), PUT <Location>?digest= (push; the bytes must match),
 *   PUT/GET /v2/<name>/manifests/<ref> (push/pull): enough of the API for an image push, kept in memory
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
  /** Uploads started and not yet cancelled or completed. */
  openUploads(): number;
  /** Forget every token issued so far (Docker Hub tokens live 5 minutes). */
  expireTokens(): void;
  /** Pushed manifests: `<name>:<ref>` (tag and digest) → bytes and media type. */
  manifests: Map<string, { bytes: Buffer; mediaType: string }>;
  /** Digests of the blobs pushed, per repository name. */
  blobs: Map<string, Set<string>>;
  close(): Promise<void>;
}

export async function startStandInTokenServer(
  users: Record<string, StandInUser>,
): Promise<StandInTokenServer> {
  const service = 'stand-in.docker.io';
  const tokens = new Map<string, { user: string; scopes: Map<string, Set<string>> }>();
  const uploads = new Set<string>();
  const requests: StandInRequest[] = [];
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const blobs = new Map<string, Set<string>>();
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

  const allowed = (authorization: string | null, repo: string, action: 'pull' | 'push') =>
    tokens
      .get(bearer(authorization) ?? '')
      ?.scopes.get(repo)
      ?.has(action) ?? false;
  const denied = (res: http.ServerResponse, repo: string) =>
    json(res, 401, unauthorized(), {
      'www-authenticate': challenge(`repository:${repo}:pull,push`, 'insufficient_scope'),
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  const route = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', base);
    const authorization = req.headers.authorization ?? null;
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization });

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
      if (!allowed(authorization, repo, 'push')) return denied(res, repo);
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

    const finish = /^\/v2\/(.+)\/blobs\/uploads\/([0-9a-f-]+)$/.exec(url.pathname);
    if (finish?.[1] && finish[2] && req.method === 'PUT') {
      if (!allowed(authorization, finish[1], 'push')) return denied(res, finish[1]);
      const digest = url.searchParams.get('digest') ?? '';
      if (!uploads.delete(finish[2])) return json(res, 404, { errors: [{ code: 'BLOB_UPLOAD_UNKNOWN' }] });
      if (digest !== sha256(body) || Number(req.headers['content-length']) !== body.length) {
        return json(res, 400, {
          errors: [{ code: 'DIGEST_INVALID', message: 'digest did not match content' }],
        });
      }
      if (!blobs.has(finish[1])) blobs.set(finish[1], new Set());
      blobs.get(finish[1])?.add(digest);
      res.writeHead(201, { 'docker-content-digest': digest, location: `/v2/${finish[1]}/blobs/${digest}` });
      return res.end();
    }

    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (blob?.[1] && blob[2] && req.method === 'HEAD') {
      if (!allowed(authorization, blob[1], 'pull')) return denied(res, blob[1]);
      res.writeHead(blobs.get(blob[1])?.has(blob[2]) ? 200 : 404);
      return res.end();
    }

    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifest?.[1] && manifest[2]) {
      const [name, ref] = [manifest[1], manifest[2]];
      if (req.method === 'PUT') {
        if (!allowed(authorization, name, 'push')) return denied(res, name);
        const stored = { bytes: body, mediaType: req.headers['content-type'] ?? '' };
        const digest = sha256(body);
        manifests.set(`${name}:${ref}`, stored);
        manifests.set(`${name}:${digest}`, stored);
        res.writeHead(201, { 'docker-content-digest': digest });
        return res.end();
      }
      if (req.method === 'GET') {
        if (!allowed(authorization, name, 'pull')) return denied(res, name);
        const found = manifests.get(`${name}:${ref}`);
        if (!found) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
        res.writeHead(200, { 'content-type': found.mediaType, 'docker-content-digest': sha256(found.bytes) });
        return res.end(found.bytes);
      }
    }

    json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'stand-in: no such route' }] });
  };

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
    expireTokens: () => tokens.clear(),
    manifests,
    blobs,
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

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
