import { AppError } from '../../shared/errors';

/** The user-facing failures of a credential check, one function per cause so the wording stays in one place. */
export const verifyErrors = {
  emailAsUsername: () =>
    new AppError('AUTH_FAILED', 'Docker Hub needs your Docker ID as the username, not your e-mail address.', {
      hint: 'Your Docker ID is the name shown at the top right of hub.docker.com (and in docker.io/<ID>/… image names).',
      fields: { username: 'use your Docker ID, not your e-mail address' },
    }),

  wrongCredentials: (registry: string, hub: boolean, detail: string | null) =>
    new AppError(
      'AUTH_FAILED',
      `${registry} rejected the username or ${hub ? 'access token' : 'password/token'}${detail ? ` (${detail})` : ''}.`,
      {
        hint: hub
          ? 'Check your Docker ID and paste a personal access token from Docker Hub → Account settings → Personal access tokens; a revoked or expired token fails the same way.'
          : `Check the username and password or token for ${registry}.`,
      },
    ),

  noPushRights: (registry: string, repository: string, hub: boolean) =>
    new AppError('AUTH_FAILED', `The login to ${registry} works, but it may not push to ${repository}.`, {
      hint: hub
        ? `Create a personal access token with "Read & Write" access (a read-only token cannot push), and make sure ${repository} is in your own namespace or one you may write to.`
        : `Ask the administrator of ${registry} for push rights on ${repository}, or pick a repository you may write to.`,
    }),

  unknownRepository: (registry: string, repository: string) =>
    new AppError('NOT_FOUND', `${registry} has no repository ${repository} and did not offer to create it.`, {
      hint: 'Create the repository on the registry first, or check its name.',
    }),

  rateLimited: (registry: string, retryAfter: string | null) =>
    new AppError(
      'UNAVAILABLE',
      `${registry} is rate-limiting requests (HTTP 429)${retryAfter ? `; it asks to wait ${retryAfter} s` : ''}.`,
      {
        hint: 'Wait a few minutes and try again. Docker Hub limits requests per account and per IP address.',
      },
    ),

  unreachable: (registry: string, reason: string) =>
    new AppError('UNAVAILABLE', `Cannot reach ${registry}: ${reason}.`, {
      hint: 'Check the registry host and port, your network connection and any proxy, then try again.',
    }),

  timedOut: (registry: string, ms: number) =>
    new AppError('TIMEOUT', `${registry} did not answer within ${Math.round(ms / 100) / 10} s.`, {
      hint: 'Check the registry host and your network connection, then try again.',
    }),

  unexpected: (registry: string, what: string) =>
    new AppError('UNAVAILABLE', `${registry} answered unexpectedly: ${what}.`, {
      hint: 'Check that the host is a container registry (it must serve the /v2/ API).',
    }),

  insecureRealm: (registry: string, realm: string) =>
    new AppError(
      'UNAVAILABLE',
      `${registry} sends logins to ${realm}, which is not https; refusing to send credentials there.`,
      {
        hint: 'Only registries on 127.0.0.1 or localhost may use plain http.',
      },
    ),
};

/** Turns a fetch failure (DNS, refused, TLS, timeout) into an UNAVAILABLE/TIMEOUT error without leaking URLs' secrets. */
export function networkError(registry: string, err: unknown, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return verifyErrors.timedOut(registry, timeoutMs);
  return verifyErrors.unreachable(registry, networkReason(err));
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name could not be resolved (DNS)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_SOCKET: 'the connection was closed by the other side',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
  EPROTO: 'TLS handshake failed (is it plain http?)',
};

/** A fetch failure's cause in plain words ("connection refused …"), never its URL. */
export function networkReason(err: unknown): string {
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code ?? '';
  return NETWORK_REASONS[code] ?? (code ? code : 'network error');
}
