import { Redactor } from '../../core/redactor';
import { validationError } from '../../shared/errors';
import { buildDestinations } from '../build/logic/image-ref';
import { DOCKER_HUB, normalizeRegistry, registryApiBase } from '../credentials/registry-host';
import { repositoryPath } from '../credentials/verify';
import { verifyErrors } from '../credentials/verify-errors';
import { pushBlob, unexpected, type BlobProgress } from './blob-push';
import type { PushFetch } from './node-request';
import type { OciImage } from './oci-layout';
import { pushErrors } from './push-errors';
import { PushHttp } from './push-http';
import { PushSession } from './push-session';
import type { RetryPolicy } from './retry-policy';

export type PushProgress = BlobProgress | { kind: 'tag'; tag: string; digest: string };

export interface PushImageInput {
  /** From readOciLayout / extractOciLayoutArchive. */
  image: OciImage;
  /** Any spelling: 'docker.io', 'https://index.docker.io/v1/', '127.0.0.1:5000'. */
  registry: string;
  /** 'team/app'; on Docker Hub a bare 'app' becomes '<username>/app'. */
  repository: string;
  tags: string[];
  /** The digest the build reported (Kaniko's --digest-file): the push refuses a layout that differs. */
  expectedDigest?: string | null;
  /** null = push without a login (registries that allow it). */
  auth: { username: string; secret: string } | null;
  onProgress?: (p: PushProgress) => void;
  /** Cancels the push within a request's round trip (CANCELLED), up to the manifests (see onCommit). */
  signal?: AbortSignal;
  /**
   * Called once every blob is in the registry, right before the first manifest PUT (the signal was
   * checked in the same tick): from here the push writes tags, which a cancel could only cut in half.
   */
  onCommit?: () => void;
  /** The app's redactor: the secret and the bearer token are registered on it too. */
  redactor?: Redactor;
  /** Where the registry API answers (default from the host); tests point it at a stand-in. */
  apiBase?: string;
  fetchImpl?: PushFetch;
  policy?: RetryPolicy;
  stallMs?: number;
}

export interface PushImageResult {
  registry: string;
  repository: string;
  /** The manifest digest: the one the build produced, and the one the registry stored. */
  digest: string;
  /** Tags whose manifest PUT succeeded, in the order given. */
  tags: string[];
  /** `registry/repository:tag@digest` per pushed tag. */
  references: string[];
}

/**
 * Pushes a built image, exactly as built, through the registry HTTP API: login from the registry's
 * challenge, every missing blob, then the unchanged manifest bytes under each tag, so the registry's
 * digest equals the build's. Credentials never leave this process.
 * Errors (AppError): VALIDATION (names), AUTH_FAILED (login refused, or no push rights), UNAVAILABLE
 * (registry down or failing after retries; the message names the phase), TIMEOUT (stalled), CANCELLED.
 */
export async function pushImage(input: PushImageInput): Promise<PushImageResult> {
  const { registry, hub, repository } = resolvePushTarget(input);
  const built = input.image.manifest.digest;
  if (input.expectedDigest && input.expectedDigest.trim() !== built) {
    throw pushErrors.badLayout(
      `its manifest is ${built}, but the build reported ${input.expectedDigest.trim()}`,
    );
  }
  // A private redactor masks what the registry echoes into our errors; the app's learns the same secrets.
  const redactor = new Redactor();
  const remember = (secret: string, username?: string) => {
    for (const r of [redactor, input.redactor]) r?.add(secret, username === undefined ? {} : { username });
  };
  if (input.auth) remember(input.auth.secret, input.auth.username);
  const http = new PushHttp({
    registry,
    base: (input.apiBase ?? registryApiBase(registry)).replace(/\/+$/, ''),
    redact: (text) => redactor.redact(text),
    ...(input.fetchImpl ? { fetchImpl: input.fetchImpl } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
    ...(input.stallMs ? { stallMs: input.stallMs } : {}),
  });
  const login = input.auth ? { ...input.auth, hub, repository } : null;
  const session = new PushSession(http, login, repository, remember);
  await session.start();

  const onProgress = input.onProgress ?? (() => undefined);
  for (const blob of input.image.blobs) {
    await pushBlob({ http, session, repository, onProgress }, blob);
  }

  const { digest, mediaType, bytes } = input.image.manifest;
  if (input.signal?.aborted) throw pushErrors.cancelled(registry);
  input.onCommit?.();
  const pushed: string[] = [];
  for (const tag of input.tags.map((t) => t.trim())) {
    const res = await session
      .call({
        method: 'PUT',
        url: `/v2/${repository}/manifests/${tag}`,
        phase: 'manifest',
        headers: { 'content-type': mediaType },
        body: { length: bytes.length, open: () => new Uint8Array(bytes) },
        readBody: true,
      })
      .catch((err: unknown) => {
        throw pushErrors.withPushedTags(err, tag, pushed);
      });
    const already = pushed.length > 0 ? ` (already pushed: ${pushed.join(', ')})` : '';
    if (res.status !== 201 && res.status !== 200) {
      throw await unexpected(http, 'manifest', res, `for tag ${tag}${already}`);
    }
    const stored = res.headers.get('docker-content-digest');
    if (stored && stored !== digest) throw pushErrors.digestChanged(registry, digest, stored);
    pushed.push(tag);
    onProgress({ kind: 'tag', tag, digest });
  }
  return {
    registry,
    repository,
    digest,
    tags: pushed,
    references: pushed.map((t) => `${registry}/${repository}:${t}@${digest}`),
  };
}

type PushTarget = Pick<PushImageInput, 'registry' | 'repository' | 'tags' | 'auth'>;

/**
 * Checks the names before anything is read or sent, and returns the registry (normalized) and the
 * repository path the registry API uses, by the build form's rules: on Docker Hub a bare name gets the
 * user's namespace ('app' → 'alice/app'). Throws VALIDATION (fields per name) or AUTH_FAILED (an
 * e-mail address as Docker ID).
 */
export function resolvePushTarget(input: PushTarget): { registry: string; hub: boolean; repository: string } {
  const registry = normalizeRegistry(input.registry);
  const hub = registry === DOCKER_HUB;
  if (hub && input.auth?.username.includes('@')) throw verifyErrors.emailAsUsername();
  const named = input.auth ? repositoryPath(input.repository, input.auth.username, hub) : input.repository;
  const result = buildDestinations(registry, named.trim(), input.tags);
  if (!result.ok) throw validationError(result.fields);
  const repository = (result.refs[0] as { repository: string }).repository;
  return { registry, hub, repository };
}
