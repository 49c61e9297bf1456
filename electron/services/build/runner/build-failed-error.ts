import type { BuildFailure } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';

/**
 * A build that failed in the executor: BUILD_FAILED (AUTH_FAILED when the registry refused the login),
 * with the parser's report (cause, fix, failing step, exit status, last lines) travelling along.
 */
export class BuildFailedError extends AppError {
  constructor(
    message: string,
    readonly failure: BuildFailure | null,
    opts: { hint?: string } = {},
  ) {
    super(
      failure?.code === 'auth' || failure?.code === 'push-permission' ? 'AUTH_FAILED' : 'BUILD_FAILED',
      message,
      opts,
    );
  }
}
