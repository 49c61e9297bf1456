import { parseChallenge } from './challenge';
import { isLoopbackRegistry } from './registry-host';
import { verifyErrors } from './verify-errors';

/**
 * What the login steps need from an HTTP layer: the credential check and the image push each bring
 * their own (the push one retries and can be cancelled), the login logic itself exists once, here.
 */
export interface RegistryTransport {
  /** Normalized registry host, for messages. */
  readonly registry: string;
  /** Path (joined to the API base) or absolute URL. Without `readBody` the body is discarded. */
  send(
    method: string,
    pathOrUrl: string,
    authorization?: string | null,
    readBody?: boolean,
  ): Promise<Response>;
  /** Throws the transport's error for anything but 2xx. */
  expectOk(res: Response, what: string): void;
}

export interface LoginInput {
  username: string;
  secret: string;
  /** Docker Hub: wrong-credential messages speak of access tokens. */
  hub: boolean;
  /** Repository the token must grant `pull,push` on (Bearer registries); null = login only. */
  repository: string | null;
}

export function basicAuthorization(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
}

/**
 * GET /v2/ and follow its challenge: Basic (checked with a second GET /v2/), or Bearer via the token
 * realm with `repository:<name>:pull,push`. Returns the Authorization header to use, or null when the
 * registry needs none. Throws AUTH_FAILED for a refused login.
 */
export async function negotiateAuthorization(
  http: RegistryTransport,
  input: LoginInput,
): Promise<string | null> {
  const probe = await http.send('GET', '/v2/');
  if (probe.status !== 401) {
    http.expectOk(probe, 'GET /v2/');
    return null;
  }
  return answerChallenge(http, probe.headers.get('www-authenticate'), input);
}

/**
 * The Authorization header for a registry's `WWW-Authenticate` challenge (from /v2/, or from any
 * request it refused with 401, e.g. when a token expired or /v2/ itself needed no login).
 */
export async function answerChallenge(
  http: RegistryTransport,
  header: string | null,
  input: LoginInput,
): Promise<string> {
  const basic = basicAuthorization(input.username, input.secret);
  const challenge = parseChallenge(header);
  if (challenge?.scheme === 'basic') {
    const res = await http.send('GET', '/v2/', basic);
    if (res.status === 401 || res.status === 403) {
      throw verifyErrors.wrongCredentials(http.registry, input.hub, null);
    }
    http.expectOk(res, 'the login check');
    return basic;
  }
  if (challenge?.scheme === 'bearer') {
    const scope = { repository: input.repository, actions: 'pull,push' };
    return `Bearer ${await requestToken(http, challenge, scope, basic, input.hub)}`;
  }
  throw verifyErrors.unexpected(
    http.registry,
    `an unsupported login method (${challenge ? challenge.raw : 'none given'})`,
  );
}

/**
 * A token from a Bearer challenge's realm for `actions` on `scope.repository` (none: login only). `basic`
 * null asks anonymously (public images); with a login, it goes in clear to the realm only over https, or
 * to a loopback realm for a loopback registry.
 */
export async function requestToken(
  http: RegistryTransport,
  challenge: { realm: string; service: string | null },
  scope: { repository: string | null; actions: string },
  basic: string | null,
  hub: boolean,
): Promise<string> {
  let realm: URL;
  try {
    realm = new URL(challenge.realm);
  } catch {
    throw verifyErrors.unexpected(http.registry, 'a login challenge with an invalid token URL');
  }
  const loopbackRealm = isLoopbackRegistry(realm.host) && realm.protocol === 'http:';
  if (basic && realm.protocol !== 'https:' && !loopbackRealm) {
    throw verifyErrors.insecureRealm(http.registry, realm.origin);
  }
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  if (scope.repository) realm.searchParams.set('scope', `repository:${scope.repository}:${scope.actions}`);
  const res = await http.send('GET', realm.toString(), basic, true);
  if (res.status === 401 || res.status === 403) {
    throw verifyErrors.wrongCredentials(http.registry, hub, await registryErrorDetail(res));
  }
  http.expectOk(res, 'the token request');
  const body = (await res.json().catch(() => null)) as { token?: unknown; access_token?: unknown } | null;
  const token = body?.token ?? body?.access_token;
  if (typeof token !== 'string' || token === '') {
    throw verifyErrors.unexpected(http.registry, 'a token answer without a token');
  }
  return token;
}

/** `{"details":"incorrect username or password"}` (Docker Hub) or `{"errors":[{"message":…}]}` (distribution). */
export async function registryErrorDetail(res: Response): Promise<string | null> {
  const body = (await res.json().catch(() => null)) as {
    details?: unknown;
    errors?: { message?: unknown }[];
  } | null;
  const text = typeof body?.details === 'string' ? body.details : body?.errors?.[0]?.message;
  return typeof text === 'string' && text.length > 0 ? text.slice(0, 200) : null;
}
