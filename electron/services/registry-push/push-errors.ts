import { AppError } from '../../shared/errors';

/** Where a push failed, for the message: the user sees which step broke. */
export type PushPhase = 'login' | 'blob check' | 'blob upload' | 'manifest';

/** The user-facing failures of reading a built image and pushing it, one function per cause. */
export const pushErrors = {
  badLayout: (what: string) =>
    new AppError('VALIDATION', `The built image cannot be pushed: ${what}.`, {
      hint: 'The build output is incomplete or damaged; build the image again.',
    }),

  loginNeeded: (registry: string) =>
    new AppError('AUTH_FAILED', `${registry} needs a login to push, and no credentials were given.`, {
      hint: 'Add credentials for this registry on the Registries page, then push again.',
    }),

  cancelled: (registry: string) => new AppError('CANCELLED', `The push to ${registry} was cancelled.`),

  /** 401/403 on a push step after the login worked: the account may not write there. */
  refused: (registry: string, repository: string, phase: PushPhase, status: number) =>
    new AppError(
      'AUTH_FAILED',
      `${registry} refused the ${phase} for ${repository} (HTTP ${status}): the login may not push there.`,
      {
        hint: `Check that the saved credentials for ${registry} may push to ${repository} (a read-only access token cannot), then push again.`,
      },
    ),

  /** Retries used up (5xx, 429, resets) or a status that retrying cannot fix. */
  failed: (registry: string, phase: PushPhase, reason: string) =>
    new AppError('UNAVAILABLE', `The ${phase} to ${registry} failed: ${reason}.`, {
      hint: 'Check that the registry is running and reachable, then push again; blobs already uploaded are not sent twice.',
    }),

  timedOut: (registry: string, phase: PushPhase, seconds: number) =>
    new AppError('TIMEOUT', `The ${phase} to ${registry} stalled for ${seconds} s.`, {
      hint: 'Check your network connection and the registry, then push again.',
    }),

  /**
   * A tag's PUT failed after earlier tags were written (retries used up, a dropped connection): the
   * message says which tags the registry already has, so nobody takes them for missing or half-written.
   */
  withPushedTags: (err: unknown, tag: string, pushed: string[]): unknown => {
    if (!(err instanceof AppError) || pushed.length === 0) return err;
    const message = `${err.message.replace(/\.$/, '')} for tag ${tag} (already pushed: ${pushed.join(', ')}).`;
    return new AppError(err.code, message, {
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.fields ? { fields: err.fields } : {}),
      cause: err,
    });
  },

  digestChanged: (registry: string, expected: string, got: string) =>
    new AppError(
      'UNAVAILABLE',
      `${registry} stored the manifest under ${got} instead of the built ${expected}; the tag was not reported as pushed.`,
      {
        hint: 'The registry rewrote the image (it may not support this manifest type); try another registry.',
      },
    ),
};
