import { createHash } from 'node:crypto';
import { parseChallenge } from '../../credentials/challenge';
import { basicAuthorization, requestToken, type RegistryTransport } from '../../credentials/registry-login';
import { DOCKER_HUB, isLoopbackRegistry, registryApiBase } from '../../credentials/registry-host';
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
  if (parsed.ref.digest) return parsed.ref.digest;
  const res = await manifestRequest('HEAD', parsed.ref, parsed.ref.tag ?? 'latest', opts);
  const found = res.headers.get('docker-content-digest');
  if (res.status !== 200 || !found) {
    throw new Error(`${image}: the registry answered HTTP ${res.status}${found ? '' : ' without a digest'}`);
  }
  return found;
}

/** Which image of an index a platform gets (go-containerregistry's rule: os, architecture, then variant). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface IndexManifest {
  mediaType?: string;
  manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
}

/**
 * The digest of the image (not the index) a FROM image gives on `platform`: the name Kaniko's warmer
 * stores it under in the base-image cache. Throws (with the image named) when the registry cannot say.
 */
export async function resolvePlatformDigest(
  image: string,
  platform: Platform,
  opts: BaseDigestOptions,
): Promise<string> {
  const parsed = parseImageRef(image);
  if (!parsed.ok) throw new Error(`${image}: ${parsed.error}`);
  const ref = parsed.ref;
  const res = await manifestRequest('GET', ref, ref.digest ?? ref.tag ?? 'latest', opts);
  if (res.status !== 200) throw new Error(`${image}: the registry answered HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const body = JSON.parse(bytes.toString('utf8')) as IndexManifest;
  if (!Array.isArray(body.manifests)) {
    return (
      res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    );
  }
  const matching = body.manifests.filter(
    (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture,
  );
  const chosen =
    matching.find((m) => !platform.variant || m.platform?.variant === platform.variant) ?? matching[0];
  if (!chosen) throw new Error(`${image}: no image for ${platform.os}/${platform.architecture}`);
  return chosen.digest;
}

/** A manifest request, anonymous first, then with the login the registry's challenge asks for. */
async function manifestRequest(
  method: 'HEAD' | 'GET',
  ref: { registry: string; repository: string },
  reference: string,
  opts: BaseDigestOptions,
): Promise<Response> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const url = `${registryApiBase(ref.registry)}/v2/${ref.repository}/manifests/${reference}`;
  const send = (authorization: string | null) => {
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'kaniko-desktop' };
    if (authorization) headers.authorization = authorization;
    return fetchImpl(url, { method, headers, signal: requestSignal(opts), redirect: 'follow' });
  };
  const res = await send(null);
  if (res.status !== 401) return res;
  await res.body?.cancel().catch(() => undefined);
  return send(await answer(res.headers.get('www-authenticate'), ref.registry, ref.repository, opts));
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
  // The login goes along only where it may travel (https, or a loopback realm of a loopback registry);
  // elsewhere the token is asked for anonymously, as for a public image.
  const sendLogin =
    realm.protocol === 'https:' || (isLoopbackRegistry(realm.host) && isLoopbackRegistry(registry));
  const http = tokenTransport(registry, opts);
  const scope = { repository, actions: 'pull' };
  return `Bearer ${await requestToken(http, challenge, scope, sendLogin ? basic : null, registry === DOCKER_HUB)}`;
}

/** The token request's HTTP side for requestToken: plain fetch with this lookup's timeout and signal. */
function tokenTransport(registry: string, opts: BaseDigestOptions): RegistryTransport {
  return {
    registry,
    send: (method, url, authorization) => {
      const headers: Record<string, string> = { 'user-agent': 'kaniko-desktop' };
      if (authorization) headers.authorization = authorization;
      return (opts.fetchImpl ?? fetch)(url, { method, headers, signal: requestSignal(opts) });
    },
    expectOk: (res, what) => {
      if (!res.ok) throw new Error(`${registry}: HTTP ${res.status} during ${what}`);
    },
  };
}

/** Each request ends at the lookup's timeout or when the build is cancelled, whichever comes first. */
function requestSignal(opts: BaseDigestOptions): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), ...(opts.signal ? [opts.signal] : [])]);
}
