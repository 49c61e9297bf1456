import { parseChallenge } from '../../credentials/challenge';
import { basicAuthorization } from '../../credentials/registry-login';
import { isLoopbackRegistry, registryApiBase } from '../../credentials/registry-host';
import { parseImageRef } from '../logic/image-ref';

/** Every manifest kind a FROM image can resolve to: an index (multi-platform) or a single manifest. */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const TIMEOUT_MS = 10_000;

export interface BaseDigestOptions {
  /** The saved login of a registry, or null: used only here in the app, never handed to a container. */
  authFor(registry: string): { username: string; secret: string } | null;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

/**
 * What each FROM image's reference points at now, as the registry says (`HEAD /v2/<repo>/manifests/<tag>`,
 * the `Docker-Content-Digest` header): the same question Kaniko asks before it pulls. A digest-pinned
 * reference needs no request. Anonymous first, then the saved login when the registry asks for one.
 * Throws (with the image named) when any answer is missing: the caller then builds normally.
 */
export async function resolveBaseDigests(
  images: readonly string[],
  opts: BaseDigestOptions,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const image of images) out[image] = await resolveBaseDigest(image, opts);
  return out;
}

async function resolveBaseDigest(image: string, opts: BaseDigestOptions): Promise<string> {
  const parsed = parseImageRef(image);
  if (!parsed.ok) throw new Error(`${image}: ${parsed.error}`);
  const { registry, repository, tag, digest } = parsed.ref;
  if (digest) return digest;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const url = `${registryApiBase(registry)}/v2/${repository}/manifests/${tag ?? 'latest'}`;
  const head = (authorization: string | null) => {
    const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(opts.signal ? [opts.signal] : [])];
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'kaniko-desktop' };
    if (authorization) headers.authorization = authorization;
    return fetchImpl(url, { method: 'HEAD', headers, signal: AbortSignal.any(signals), redirect: 'follow' });
  };
  let res = await head(null);
  if (res.status === 401) {
    const authorization = await answer(res.headers.get('www-authenticate'), registry, repository, opts);
    res = await head(authorization);
  }
  const found = res.headers.get('docker-content-digest');
  if (res.status !== 200 || !found) {
    throw new Error(`${image}: the registry answered HTTP ${res.status}${found ? '' : ' without a digest'}`);
  }
  return found;
}

/** The Authorization for a pull of `repository`: a Bearer token (anonymous or with the saved login) or Basic. */
async function answer(
  header: string | null,
  registry: string,
  repository: string,
  opts: BaseDigestOptions,
): Promise<string> {
  const auth = opts.authFor(registry);
  const basic = auth ? basicAuthorization(auth.username, auth.secret) : null;
  const challenge = parseChallenge(header);
  if (challenge?.scheme === 'basic') {
    if (!basic) throw new Error(`${registry} needs a login and none is saved`);
    return basic;
  }
  if (challenge?.scheme !== 'bearer') throw new Error(`${registry}: an unsupported login method`);
  const realm = new URL(challenge.realm);
  // A login goes in clear only over https, or to a loopback realm of a loopback registry.
  const sendLogin =
    realm.protocol === 'https:' || (isLoopbackRegistry(realm.host) && isLoopbackRegistry(registry));
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  realm.searchParams.set('scope', `repository:${repository}:pull`);
  const headers: Record<string, string> = { 'user-agent': 'kaniko-desktop' };
  if (basic && sendLogin) headers.authorization = basic;
  const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(opts.signal ? [opts.signal] : [])];
  const res = await (opts.fetchImpl ?? fetch)(realm, { headers, signal: AbortSignal.any(signals) });
  const body = (await res.json().catch(() => null)) as { token?: unknown; access_token?: unknown } | null;
  const token = body?.token ?? body?.access_token;
  if (res.status !== 200 || typeof token !== 'string') {
    throw new Error(`${registry}: the token service answered HTTP ${res.status}`);
  }
  return `Bearer ${token}`;
}
