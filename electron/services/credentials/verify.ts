import { AppError } from '../../shared/errors';
import { normalizeRegistry, registryApiBase, DOCKER_HUB } from './registry-host';
import { negotiateAuthorization, type RegistryTransport } from './registry-login';
import { networkError, verifyErrors } from './verify-errors';

export interface VerifyInput {
  registry: string;
  username: string;
  secret: string;
  /** Repository to check push rights on ("kaniko-nginx", "team/app"); Docker Hub names without a namespace get the user's. */
  repository?: string | null;
  fetchImpl?: typeof fetch;
  /** Where the registry API answers; defaults from the host (https, plain http for loopback). Tests point it at a stand-in. */
  apiBase?: string;
  /** Limit per HTTP request. */
  timeoutMs?: number;
}

export interface VerifyResult {
  registry: string;
  /** true = a blob upload was accepted (and cancelled); null = no repository was checked. */
  canPush: boolean | null;
  /** The registry let us in without credentials. */
  anonymous: boolean;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 8_000;

/**
 * Checks a username + secret the way a push would use them: GET /v2/, follow its challenge (Basic, or
 * Bearer via the token realm with pull,push scope), then — with a repository — start a blob upload
 * (202 means push is allowed) and cancel it at once. Throws AppError with a message and hint on failure.
 */
export async function verifyCredentials(input: VerifyInput): Promise<VerifyResult> {
  const registry = normalizeRegistry(input.registry);
  const hub = registry === DOCKER_HUB;
  if (hub && input.username.includes('@')) throw verifyErrors.emailAsUsername();
  const repo = input.repository ? repositoryPath(input.repository, input.username, hub) : null;
  const http = new RegistryHttp(
    registry,
    (input.apiBase ?? registryApiBase(registry)).replace(/\/+$/, ''),
    input.fetchImpl ?? fetch,
    input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  const auth = await negotiateAuthorization(http, {
    username: input.username,
    secret: input.secret,
    hub,
    repository: repo,
  });

  const canPush = repo ? await checkPush(http, repo, auth, hub) : null;
  const who = auth
    ? `Logged in to ${registry} as ${input.username}`
    : `${registry} accepts requests without a login`;
  const what = canPush ? ` and may push to ${repo}` : '';
  return { registry, canPush, anonymous: auth === null, message: `${who}${what}.` };
}

/** "app" → "alice/app" on Docker Hub; strips a tag or digest; lowercase. */
export function repositoryPath(repository: string, username: string, hub: boolean): string {
  let r = repository.trim().toLowerCase().replace(/@.*$/, '');
  r = r.replace(/:[\w][\w.-]*$/, '');
  if (hub && !r.includes('/')) r = `${username.toLowerCase()}/${r}`;
  return r;
}

async function checkPush(
  http: RegistryHttp,
  repo: string,
  auth: string | null,
  hub: boolean,
): Promise<boolean> {
  const res = await http.send('POST', `/v2/${repo}/blobs/uploads/`, auth);
  if (res.status === 401 || res.status === 403) throw verifyErrors.noPushRights(http.registry, repo, hub);
  if (res.status === 404) throw verifyErrors.unknownRepository(http.registry, repo);
  http.expectOk(res, 'the push check');
  const location = res.headers.get('location');
  if (location) {
    // Cancel the empty upload so the check leaves nothing behind; a failure here changes nothing for the user.
    const target = new URL(location, `${http.base}/`);
    const sameOrigin = target.origin === new URL(http.base).origin;
    await http.send('DELETE', target.toString(), sameOrigin ? auth : null).catch(() => undefined);
  }
  return true;
}

/** Small fetch wrapper: time limit per request, no redirects with credentials, errors in the user's words. */
class RegistryHttp implements RegistryTransport {
  constructor(
    readonly registry: string,
    readonly base: string,
    private readonly fetchImpl: typeof fetch,
    private readonly timeoutMs: number,
  ) {}

  /** Without `readBody` the body is dropped at once (only status and headers matter), freeing the connection. */
  async send(
    method: string,
    pathOrUrl: string,
    authorization: string | null = null,
    readBody = false,
  ): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const headers: Record<string, string> = { 'user-agent': 'kaniko-desktop' };
    if (authorization) headers.authorization = authorization;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        redirect: authorization ? 'manual' : 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw networkError(this.registry, err, this.timeoutMs);
    }
    if (res.status === 429) {
      if (!readBody) await res.body?.cancel().catch(() => undefined);
      throw verifyErrors.rateLimited(this.registry, res.headers.get('retry-after'));
    }
    if (!readBody) await res.body?.cancel().catch(() => undefined);
    return res;
  }

  expectOk(res: Response, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    if (res.status >= 500) {
      throw new AppError(
        'UNAVAILABLE',
        `${this.registry} had an internal error (HTTP ${res.status}) during ${what}.`,
        {
          hint: 'The registry may be down or overloaded; try again later.',
        },
      );
    }
    throw verifyErrors.unexpected(this.registry, `HTTP ${res.status} during ${what}`);
  }
}
